package dev.channels.local.iam.gate;

import com.sun.net.httpserver.HttpExchange;
import dev.channels.local.iam.Caller;
import dev.channels.local.iam.Denial;
import dev.channels.local.iam.Permission;
import dev.channels.local.iam.StackResources;
import dev.channels.local.iam.sigv4.SignedRequest;
import dev.channels.local.iam.sigv4.Verification;
import dev.channels.support.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's REST API, path-style ({@code /<bucket>/<key>}, what clients of a loopback endpoint send): object actions on
 * {@code arn:aws:s3:::<bucket>/<key>}, bucket actions (listing: {@code s3:ListBucket}) on {@code arn:aws:s3:::<bucket>}.
 * A bucket whose default encryption is SSE-KMS with a customer managed key also needs, through S3,
 * {@code kms:GenerateDataKey} to put an object and {@code kms:Decrypt} to get one. Errors are S3's XML.
 */
public final class S3Protocol implements ServiceProtocol {
    private static final Pattern DELETE_KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Map<String, String> BUCKET_GETS = Map.of("versions", "ListBucketVersions", "uploads",
            "ListBucketMultipartUploads", "location", "GetBucketLocation", "versioning", "GetBucketVersioning", "policy",
            "GetBucketPolicy", "encryption", "GetEncryptionConfiguration", "acl", "GetBucketAcl", "tagging", "GetBucketTagging",
            "lifecycle", "GetLifecycleConfiguration", "notification", "GetBucketNotification");
    private static final Map<String, String> BUCKET_PUTS = Map.of("versioning", "PutBucketVersioning", "policy", "PutBucketPolicy",
            "encryption", "PutEncryptionConfiguration", "acl", "PutBucketAcl", "tagging", "PutBucketTagging", "lifecycle",
            "PutLifecycleConfiguration", "notification", "PutBucketNotification");

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public List<Permission> permissions(SignedRequest request, StackResources resources, Caller caller) {
        String path = request.rawPath().startsWith("/") ? request.rawPath().substring(1) : request.rawPath();
        int slash = path.indexOf('/');
        String bucket = decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 ? "" : decode(path.substring(slash + 1));
        List<Permission> permissions = new ArrayList<>();
        String method = request.method();
        if (bucket.isEmpty()) {
            permissions.add(Permission.of("s3:ListAllMyBuckets", "*"));
            return permissions;
        }
        String bucketArn = "arn:aws:s3:::" + bucket;
        if (key.isEmpty()) {
            String sub = BUCKET_GETS.keySet().stream().filter(name -> has(request, name)).findFirst().orElse("");
            String action = switch (method) {
                case "GET" -> BUCKET_GETS.getOrDefault(sub, "ListBucket");
                case "HEAD" -> "ListBucket";
                case "PUT" -> BUCKET_PUTS.keySet().stream().filter(name -> has(request, name)).findFirst()
                        .map(BUCKET_PUTS::get).orElse("CreateBucket");
                case "DELETE" -> has(request, "policy") ? "DeleteBucketPolicy" : has(request, "tagging") ? "PutBucketTagging" : "DeleteBucket";
                default -> has(request, "delete") ? "DeleteObject" : "ListBucket";
            };
            if (action.equals("DeleteObject")) { // DeleteObjects: each key
                Matcher keys = DELETE_KEY.matcher(new String(request.body(), StandardCharsets.UTF_8));
                while (keys.find()) {
                    permissions.add(Permission.of("s3:DeleteObject", bucketArn + "/" + unescapeXml(keys.group(1))));
                }
            } else {
                permissions.add(Permission.of("s3:" + action, bucketArn));
            }
            return permissions;
        }
        String objectArn = bucketArn + "/" + key;
        boolean version = has(request, "versionId");
        String action = switch (method) {
            case "GET" -> has(request, "uploadId") ? "ListMultipartUploadParts" : has(request, "tagging") ? "GetObjectTagging"
                    : has(request, "acl") ? "GetObjectAcl" : version ? "GetObjectVersion" : "GetObject";
            case "HEAD" -> version ? "GetObjectVersion" : "GetObject";
            case "PUT" -> has(request, "tagging") ? "PutObjectTagging" : has(request, "acl") ? "PutObjectAcl" : "PutObject";
            case "DELETE" -> has(request, "uploadId") ? "AbortMultipartUpload" : has(request, "tagging") ? "DeleteObjectTagging"
                    : version ? "DeleteObjectVersion" : "DeleteObject";
            default -> "PutObject"; // POST: CreateMultipartUpload (?uploads), CompleteMultipartUpload (?uploadId)
        };
        permissions.add(Permission.of("s3:" + action, objectArn));
        request.header("x-amz-copy-source").ifPresent(source -> {
            String decoded = decode(source.startsWith("/") ? source.substring(1) : source).split("\\?")[0];
            permissions.add(Permission.of("s3:GetObject", "arn:aws:s3:::" + decoded));
            String sourceBucket = decoded.contains("/") ? decoded.substring(0, decoded.indexOf('/')) : decoded;
            resources.bucketKey(sourceBucket).ifPresent(k -> permissions.add(Permission.viaService("kms:Decrypt", k, "s3",
                    resources.region(), caller.principal().account())));
        });
        resources.bucketKey(bucket).ifPresent(k -> {
            String account = caller.principal().account();
            boolean writesData = method.equals("PUT") && action.equals("PutObject") || method.equals("POST") && has(request, "uploads");
            boolean readsData = method.equals("GET") && (action.equals("GetObject") || action.equals("GetObjectVersion"))
                    || method.equals("POST") && has(request, "uploadId");
            if (writesData) {
                permissions.add(Permission.viaService("kms:GenerateDataKey", k, "s3", resources.region(), account));
            } else if (readsData) {
                permissions.add(Permission.viaService("kms:Decrypt", k, "s3", resources.region(), account));
            }
        });
        return permissions;
    }

    @Override
    public void refuse(HttpExchange exchange, SignedRequest request, Verification.Refused refused) throws IOException {
        switch (refused.failure()) {
            case MISSING -> send(exchange, request, 403, "AccessDenied", "Access Denied", "");
            case UNKNOWN_KEY -> send(exchange, request, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                    "<AWSAccessKeyId>" + Xml.escape(accessKeyId(request)) + "</AWSAccessKeyId>");
            case INVALID_TOKEN -> send(exchange, request, 400, "InvalidToken", "The provided token is malformed or otherwise invalid.", "");
            case MALFORMED -> send(exchange, request, 400, "AuthorizationHeaderMalformed", refused.message(), "");
            case SKEWED -> send(exchange, request, 403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", "");
            case EXPIRED -> send(exchange, request, 403, "AccessDenied", "Request has expired", "");
            case BAD_SIGNATURE -> send(exchange, request, 403, "SignatureDoesNotMatch",
                    refused.message().startsWith("The request signature") ? "The request signature we calculated does not match the signature you "
                            + "provided. Check your key and signing method." : refused.message(), "");
        }
    }

    @Override
    public void deny(HttpExchange exchange, SignedRequest request, Denial denial) throws IOException {
        String message = denial.permission().forEncryption() ? denial.message()
                : denial.message().replace(" on resource: " + denial.permission().resourceArn() + " ",
                        " on resource: \"" + denial.permission().resourceArn() + "\" ");
        send(exchange, request, 403, "AccessDenied", message, "");
    }

    private static void send(HttpExchange exchange, SignedRequest request, int status, String code, String message, String extra)
            throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        if (request.method().equals("HEAD")) { // S3 answers HEAD with the status only
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + Xml.escape(message)
                + "</Message>" + extra + "<RequestId>" + requestId + "</RequestId><HostId>local</HostId></Error>";
        LoopbackHttpServer.send(exchange, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String accessKeyId(SignedRequest request) {
        String credential = request.header("authorization").map(a -> a.replaceAll(".*Credential=([^/,]*).*", "$1"))
                .or(() -> request.queryParameter("X-Amz-Credential").map(c -> c.split("/")[0])).orElse("");
        return credential;
    }

    private static boolean has(SignedRequest request, String parameter) {
        return request.queryParameter(parameter).isPresent();
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return encoded;
        }
    }

    private static String unescapeXml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
