// Starts dynalite's own CLI (its path in DYNALITE_CLI, its flags as our arguments) with two changes the
// local cloud needs. Kept tiny on purpose: everything else is dynalite as shipped.
//
// 1. Exit with the JVM: the local cloud keeps our stdin open as a pipe, so when that JVM ends in any way
//    (even killed with SIGKILL, when no shutdown hook runs) stdin ends and so does dynalite.
// 2. Never time out idle keep-alive connections (Node's default is 5 s): the JVM's HTTP client keeps idle
//    connections longer and would otherwise send a request on a socket Node is closing.
const http = require('http');
const createServer = http.createServer;
http.createServer = function (...args) {
  const server = createServer.apply(this, args);
  server.keepAliveTimeout = 0;
  return server;
};
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
require(process.env.DYNALITE_CLI);
