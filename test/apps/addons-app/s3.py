"""A tiny S3 client (path-style, SigV4, Python's stdlib only): the app uses the variables the s3 addon gives."""
import datetime
import hashlib
import hmac
import os
import urllib.error
import urllib.parse
import urllib.request


def request(method, key, body=b"", prefix="", bucket=None):
    """Returns (status, body) of METHOD on the object `key` of the addon's bucket (or `bucket`)."""
    env = lambda name: os.environ[prefix + name]
    endpoint, region = env("S3_ENDPOINT"), env("AWS_REGION")
    path = "/" + urllib.parse.quote(bucket or env("S3_BUCKET")) + "/" + urllib.parse.quote(key)
    host = urllib.parse.urlparse(endpoint).netloc
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([method, path, "", "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed, payload])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    signing = ("AWS4" + env("AWS_SECRET_ACCESS_KEY")).encode()
    for part in (day, region, "s3", "aws4_request"):
        signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = f"AWS4-HMAC-SHA256 Credential={env('AWS_ACCESS_KEY_ID')}/{scope}, SignedHeaders={signed}, Signature={signature}"
    del headers["host"]
    req = urllib.request.Request(endpoint + path, data=body if method == "PUT" else None, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
