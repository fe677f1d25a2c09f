// Runs dynalite's own CLI with two changes; Dynalite passes it to `node -e`, followed by `-- <cli.js> <flags>`,
// so process.argv is what it would be for `node cli.js <flags>`. Kept tiny on purpose: everything else is
// dynalite as shipped. (Lines starting with // are dropped before it goes on the command line.)
//
// 1. Exit with the JVM: the JVM keeps our stdin open as a pipe, so when it ends in any way (even killed
//    with SIGKILL, when no shutdown hook runs) stdin ends and so does dynalite.
// 2. Never time out idle keep-alive connections (Node's default is 5 s): the JVM's HTTP clients keep idle
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
require(process.argv[1]);
