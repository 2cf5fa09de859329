#!/usr/bin/env python3
"""Creates an RSA key, its JWKS and a signed RS256 bench token, with openssl and the standard library.

usage: mint_token.py WORK_DIR ISSUER AUDIENCE  -> writes WORK_DIR/jwks.json, prints the token
"""
import base64, json, os, subprocess, sys, time

work, issuer, audience = sys.argv[1], sys.argv[2], sys.argv[3]
key = os.path.join(work, "bench-key.pem")
subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True, capture_output=True)
text = subprocess.run(["openssl", "rsa", "-in", key, "-noout", "-text"], check=True, capture_output=True, text=True).stdout

def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def modulus(dump):
    hexes, grab = [], False
    for line in dump.splitlines():
        if line.startswith("modulus:"):
            grab = True
            continue
        if grab:
            if not line.startswith(" "):
                break
            hexes.append(line.strip().replace(":", ""))
    return bytes.fromhex("".join(hexes)).lstrip(b"\x00")

jwk = {"kty": "RSA", "kid": "bench-1", "use": "sig", "alg": "RS256", "n": b64(modulus(text)), "e": "AQAB"}
with open(os.path.join(work, "jwks.json"), "w") as f:
    json.dump({"keys": [jwk]}, f)

now = int(time.time())
header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "bench-1"}).encode())
claims = b64(json.dumps({"iss": issuer, "aud": audience, "sub": "bench-user", "email": "bench@example.com",
                         "iat": now, "exp": now + 6 * 3600, "realm_access": {"roles": ["employee"]},
                         "roles": ["basic_user", "ds-team"]}).encode())
signing_input = f"{header}.{claims}".encode()
signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input, check=True,
                           capture_output=True).stdout
print(f"{header}.{claims}.{b64(signature)}")
