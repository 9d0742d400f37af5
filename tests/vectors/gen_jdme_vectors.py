#!/usr/bin/env python3
"""Independent JD ME (京ME) webhook test vectors.

This file never calls robotwire: it re-implements the event-subscription crypto with Python's
`hashlib` and the `cryptography` package, so the vectors it writes are evidence that the Rust
core and the TypeScript layer agree with an implementation that shares no code with them.

What is implemented (seed /work/shared/seeds/000_7436186e173be778.txt, section
事件订阅 / 事件订阅流程 / 3. 安全验证和数据加密, lines ~899-952):

  token   = Base64(SHA-256(verificationToken + "\\n" + timeStamp))   (timeStamp = decimal ms text;
            the seed only says "verification token加换行符"\\n"，加timeStamp后的字符串加密生成",
            SHA-256 + Base64 is our reading, see src/jdme/crypto.rs)
  encrypt = Base64(IV[16] || AES-256-CBC(key = SHA-256(Encrypt Key bytes), PKCS#7(plaintext)))
  body    = {"encrypt": encrypt}

Every vector is checked with the seed's own `decrypt` (copied below) before it is written.

Usage:
  python3 tests/vectors/gen_jdme_vectors.py                 # (re)writes tests/vectors/jdme_webhook.json
  python3 tests/vectors/gen_jdme_vectors.py --out FILE      # writes FILE instead (byte-identical)
  python3 tests/vectors/gen_jdme_vectors.py --body --verification-token T [--encrypt-key K] \\
      --timestamp MS [--event-type chat_message] [--event-id ID] [--scheme sha256|plain|md5-hex|…]
      # prints ONE fresh signed webhook body on stdout: {"encrypt": …} with a random IV
      # (os.urandom) when --encrypt-key is given, else the plain signed event JSON.
  python3 tests/vectors/gen_jdme_vectors.py --decrypt --encrypt-key K < base64-or-{"encrypt":…}
      # decrypts stdin with the seed's decrypt and prints the plaintext.

The output is deterministic: fixed keys, IVs (derived from SHA-256 of the vector name) and
timestamps, so running it twice yields the identical file. All secrets are obviously fake.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import sys

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


# --------------------------------------------------------------------------------------------
# The seed's reference decryption, verbatim from /work/shared/seeds/000_7436186e173be778.txt
# (事件订阅 / 事件订阅流程 / 3. 安全验证和数据加密, "python代码解密：", lines 928-950). The seed
# text lost its indentation; only the indentation is restored, every statement is as written.
# Note it is lenient about padding (only the last byte is looked at); robotwire is strict.
# --------------------------------------------------------------------------------------------
def decrypt(base64_str, key_str):
    # Decode Base64 string
    decoded = base64.b64decode(base64_str)
    # Extract IV from decoded data
    iv = decoded[:16]
    # Extract encrypted data
    encrypted_data = decoded[16:]
    # Create AES cipher
    key = hashlib.sha256(key_str.encode()).digest()
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv), backend=default_backend())
    decryptor = cipher.decryptor()
    # Decrypt data
    padded_data = decryptor.update(encrypted_data) + decryptor.finalize()
    # Remove PKCS5 padding
    padding = padded_data[-1]
    if padding > 0 and padding <= 16:
        padded_data = padded_data[:-padding]
    return padded_data.decode()
# --------------------------------------------------------------------------------------------


def encrypt(plaintext: bytes, key_str: str, iv: bytes) -> str:
    """AES-256-CBC, key = SHA-256(key_str UTF-8), PKCS#7; returns Base64(IV || ciphertext)."""
    assert len(iv) == 16
    key = hashlib.sha256(key_str.encode("utf-8")).digest()
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv), backend=default_backend()).encryptor()
    ct = enc.update(padded) + enc.finalize()
    return base64.b64encode(iv + ct).decode("ascii")


def sign_token(verification_token: str, timestamp: str) -> str:
    data = verification_token.encode("utf-8") + b"\n" + timestamp.encode("utf-8")
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


# The other token schemes robotwire can verify and `robotwire jdme token-probe` tries (see
# src/jdme/token.rs for why each is a candidate). Digests over verificationToken + "\n" +
# timeStamp; HMACs keyed with the verification token over the timeStamp; Base64 is standard
# padded, hex is lowercase. "plain" is the verification token itself.
def sign_scheme(scheme: str, verification_token: str, timestamp: str) -> str:
    if scheme == "plain":
        return verification_token
    vt = verification_token.encode("utf-8")
    ts = timestamp.encode("utf-8")
    name, _, enc = scheme.partition("-hex")
    hexed = scheme.endswith("-hex")
    if name.startswith("hmac-"):
        raw = hmac.new(vt, ts, {"hmac-sha256": hashlib.sha256, "hmac-sha1": hashlib.sha1}[name]).digest()
    else:
        raw = hashlib.new({"sha256": "sha256", "sha1": "sha1", "md5": "md5"}[name], vt + b"\n" + ts).digest()
    return raw.hex() if hexed else base64.b64encode(raw).decode("ascii")


SCHEMES = ["sha256", "plain", "sha256-hex", "hmac-sha256", "hmac-sha256-hex", "sha1", "sha1-hex",
           "hmac-sha1", "hmac-sha1-hex", "md5", "md5-hex"]


def derived_iv(name: str) -> bytes:
    return hashlib.sha256(("robotwire-test-iv:" + name).encode("utf-8")).digest()[:16]


def exact_utf8(n: int, style: str) -> str:
    """A string of exactly n UTF-8 bytes in the given style (ascii, zh, emoji, mixed)."""
    patterns = {
        "ascii": "The quick brown fox jumps over the lazy dog 0123456789. ",
        "zh": "京东京ME机器人事件订阅加密测试，消息内容。",
        "emoji": "🤖🔐📨✅🚀",
        "mixed": "机器人 robot 🤖 — «ünïcödé» 事件 ✓ ",
    }
    pat = patterns[style]
    out = []
    size = 0
    i = 0
    while size < n:
        ch = pat[i % len(pat)]
        i += 1
        b = len(ch.encode("utf-8"))
        if size + b > n:
            # fill the remainder with ASCII so the byte length is exact
            ch = "abcdefghijklmnop"[(n - size) % 16]
            b = 1
        out.append(ch)
        size += b
    s = "".join(out)
    assert len(s.encode("utf-8")) == n
    return s


VERIFICATION_TOKENS = [
    "fake-verification-token-1",
    "fake-verification-token-中文-2",
    "fake-verification-token-🤖-3",
    "fake verification token 4 with spaces/+=",
]

ENCRYPT_KEYS = [
    "fake-encrypt-key-1",
    "fake-encrypt-key-中文密钥-2",
    "fake-encrypt-key-🔑🚀-3",
    "fake-encrypt-key-4-" + "x" * 200,
]

TIMESTAMPS = [
    "0",
    "1",
    "1621930353703",  # the seed's chat_add_member example
    "1741334871107",  # the seed's chat_message example
    "1700000000000",
    "9007199254740991",  # largest safe JS integer
    "18446744073709551615",  # u64::MAX, only as text
    "0001700000000000",  # leading zeros: the signature is over the text as sent
]

AES_LENGTHS = [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 500, 1500, 16384]


def token_vectors():
    out = []
    for vi, vt in enumerate(VERIFICATION_TOKENS):
        for ts in TIMESTAMPS:
            tok = sign_token(vt, ts)
            # independent re-check with a different code path (hashlib object updates)
            h = hashlib.sha256()
            h.update(vt.encode("utf-8"))
            h.update(b"\n")
            h.update(ts.encode("utf-8"))
            assert base64.b64encode(h.digest()).decode() == tok
            assert len(tok) == 44
            out.append({"name": f"token-vt{vi + 1}-ts{ts}", "verificationToken": vt, "timeStamp": ts, "token": tok})
    return out


def scheme_vectors():
    out = []
    for vi, vt in enumerate(VERIFICATION_TOKENS):
        for ts in TIMESTAMPS[1:4]:
            for scheme in SCHEMES:
                tok = sign_scheme(scheme, vt, ts)
                out.append({"name": f"scheme-{scheme}-vt{vi + 1}-ts{ts}", "scheme": scheme, "verificationToken": vt,
                            "timeStamp": ts, "token": tok})
    # the documented scheme agrees with sign_token
    assert all(v["token"] == sign_token(v["verificationToken"], v["timeStamp"]) for v in out if v["scheme"] == "sha256")
    return out


def aes_vectors():
    out = []
    styles = ["ascii", "zh", "emoji", "mixed"]
    k = 0
    for n in AES_LENGTHS:
        for style in styles:
            if style != "ascii" and n < 2:
                continue
            if style in ("zh", "emoji") and n in (47, 48, 49):
                continue
            key = ENCRYPT_KEYS[k % len(ENCRYPT_KEYS)]
            k += 1
            name = f"aes-{style}-{n}"
            out.append((name, key, derived_iv(name), exact_utf8(n, style)))
    # fixed special IVs and a JSON-ish plaintext with escapes and control characters
    out.append(("aes-iv-zero", ENCRYPT_KEYS[0], bytes(16), '{"content":"零 IV"}'))
    out.append(("aes-iv-ff", ENCRYPT_KEYS[1], b"\xff" * 16, "全 0xff IV ✓"))
    out.append(("aes-control-chars", ENCRYPT_KEYS[2], derived_iv("ctl"), "tab\tnewline\nquote\"backslash\\nul\x00del\x7f"))
    vectors = []
    for name, key, iv, pt in out:
        b64 = encrypt(pt.encode("utf-8"), key, iv)
        assert decrypt(b64, key) == pt, name
        raw = base64.b64decode(b64)
        assert raw[:16] == iv and (len(raw) - 16) % 16 == 0 and len(raw) - 16 == (len(pt.encode()) // 16 + 1) * 16
        vectors.append(
            {
                "name": name,
                "encryptKey": key,
                "iv": iv.hex(),
                "plaintext": pt,
                "plaintextBytes": len(pt.encode("utf-8")),
                "encrypt": b64,
            }
        )
    return vectors


def make_event(event_type, event_id, ts, event, vt, ts_as_string=False, extra=None):
    ev = {"timeStamp": str(ts) if ts_as_string else ts, "eventId": event_id, "robotApp": "robot.dd", "eventType": event_type}
    ev["event"] = event
    ev["robotPin"] = "app.fake0001"
    if extra:
        ev.update(extra)
    ev["token"] = sign_token(vt, str(ts))
    return ev


def chat_message_body(content):
    return {
        "sender": {"app": "ee", "clientType": "pc", "pin": "fake.user1"},
        "groupId": "10000000001",
        "msgId": "352829272",
        "body": {
            "param": {"pushContent": ""},
            "atUsers": [{"app": "robot.dd", "pin": "app.fake0001", "nickname": "测试机器人"}],
            "requestData": {"sessionId": "10000000001"},
            "type": "text",
            "content": content,
        },
        "chatType": 2,
    }


def webhook_vectors():
    specs = []
    # 1. the seed's chat_message example, fake pins
    specs.append(("webhook-chat-message-seed", 0, 0, 1741334871107, "chat_message", chat_message_body("@测试机器人  111"), {}))
    # 2. the seed's chat_add_member example
    specs.append((
        "webhook-chat-add-member-seed", 1, 1, 1621930353703, "chat_add_member",
        {"operator": {"app": "ee", "pin": "fake.op"}, "groupId": "10000000002", "users": [{"app": "ee", "pin": "fake.u2"}]}, {},
    ))
    # 3. Chinese + emoji content, emoji key and token
    specs.append(("webhook-emoji", 2, 2, 1700000000000, "chat_message", chat_message_body("你好 🤖🔐 — emoji 👍🏽 and 中文"), {}))
    # 4. timeStamp sent as a string
    specs.append(("webhook-string-timestamp", 3, 3, 1700000001234, "chat_quit", {"operator": {"app": "ee", "pin": "fake.q"}, "groupId": "g-3"}, {"_tsString": True}))
    # 5. a large (~16 KB) message
    specs.append(("webhook-large", 0, 1, 1700000005000, "chat_message", chat_message_body(exact_utf8(16000, "mixed")), {}))
    # 6. an event type the seed does not document
    specs.append(("webhook-unknown-type", 1, 2, 1700000006000, "some_future_event", {"anything": [1, 2.5, None, True, {"nested": "值"}]}, {}))
    # 7. im_robot_authorize
    specs.append((
        "webhook-im-robot-authorize", 2, 3, 1700000007000, "im_robot_authorize",
        {
            "sender": "fake.erp",
            "lang": "zh_CN",
            "body": {"actionData": {"eventId": "auth-1", "code": "fake-code", "action": "authorize", "callbackParam": "x", "expireIn": 300}},
            "operator": {"app": "ee", "pin": "fake.erp"},
        },
        {"appId": "fake-app", "client": "pc", "clientVersion": "1.0", "lang": "zh_CN"},
    ))
    # 8. content with escapes and control characters
    specs.append(("webhook-escapes", 3, 0, 1700000008000, "chat_message", chat_message_body('line1\nline2\t"quoted" \\ back \u0001 \u2028'), {}))
    # 9. ~500 and ~1500 byte events, one ASCII-escaped (\uXXXX) serialisation, one pretty-printed
    specs.append(("webhook-ascii-escaped", 0, 2, 1700000009000, "chat_message", chat_message_body(exact_utf8(400, "zh")), {"_ascii": True}))
    specs.append(("webhook-pretty", 1, 3, 1700000010000, "chat_message", chat_message_body(exact_utf8(1300, "emoji")), {"_pretty": True}))
    # 10. card-free minimal event
    specs.append(("webhook-chat-disband", 2, 0, 1700000011000, "chat_disband", {"operator": {"app": "ee", "pin": "fake.d"}, "groupId": "g-d"}, {}))

    vectors = []
    for name, vi, ki, ts, etype, body, opts in specs:
        opts = dict(opts)
        ts_string = opts.pop("_tsString", False)
        ascii_only = opts.pop("_ascii", False)
        pretty = opts.pop("_pretty", False)
        vt = VERIFICATION_TOKENS[vi]
        key = ENCRYPT_KEYS[ki]
        event_id = "evt-" + hashlib.sha256(name.encode()).hexdigest()[:24]
        ev = make_event(etype, event_id, ts, body, vt, ts_as_string=ts_string, extra=opts)
        if pretty:
            plaintext = json.dumps(ev, ensure_ascii=False, indent=2)
        else:
            plaintext = json.dumps(ev, ensure_ascii=ascii_only, separators=(",", ":"))
        iv = derived_iv(name)
        b64 = encrypt(plaintext.encode("utf-8"), key, iv)
        body_text = json.dumps({"encrypt": b64})
        # checks with the seed's decrypt and an independent token recomputation
        got = decrypt(json.loads(body_text)["encrypt"], key)
        assert got == plaintext, name
        parsed = json.loads(got)
        assert parsed["token"] == sign_token(vt, str(parsed["timeStamp"])), name
        vectors.append(
            {
                "name": name,
                "verificationToken": vt,
                "encryptKey": key,
                "iv": iv.hex(),
                "timeStamp": ts,
                "eventType": etype,
                "eventId": event_id,
                "body": body_text,
                "plaintext": plaintext,
            }
        )
    return vectors


def build_document():
    return {
        "description": "JD ME webhook vectors from an independent Python implementation (hashlib + cryptography); "
        "every ciphertext was checked with the seed's reference decrypt. Secrets are fake.",
        "generator": "tests/vectors/gen_jdme_vectors.py",
        "seed": "/work/shared/seeds/000_7436186e173be778.txt, 事件订阅 / 事件订阅流程 / 3. 安全验证和数据加密",
        "token": "Base64(SHA-256(verificationToken + \"\\n\" + timeStamp))",
        "cipher": "Base64(IV[16] || AES-256-CBC(key = SHA-256(encryptKey), PKCS#7(plaintext)))",
        "tokenVectors": token_vectors(),
        "schemeVectors": scheme_vectors(),
        "aesVectors": aes_vectors(),
        "webhookVectors": webhook_vectors(),
    }


def render(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def fresh_body(args) -> str:
    ts = args.timestamp
    if not ts.isdigit():
        raise SystemExit("--timestamp must be decimal milliseconds")
    event_id = args.event_id or ("evt-" + os.urandom(12).hex())
    ev = {
        "timeStamp": int(ts),
        "eventId": event_id,
        "robotApp": "robot.dd",
        "eventType": args.event_type,
        "event": chat_message_body("来自 Python 的测试消息 🤖") if args.event_type == "chat_message" else {"groupId": "g-py"},
        "robotPin": "app.fake0001",
        "token": sign_scheme(args.scheme, args.verification_token, ts),
    }
    plaintext = json.dumps(ev, ensure_ascii=False, separators=(",", ":"))
    if args.encrypt_key is None:
        return plaintext
    b64 = encrypt(plaintext.encode("utf-8"), args.encrypt_key, os.urandom(16))
    assert decrypt(b64, args.encrypt_key) == plaintext
    return json.dumps({"encrypt": b64})


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(here, "jdme_webhook.json"))
    p.add_argument("--body", action="store_true", help="print one fresh signed (and encrypted) webhook body")
    p.add_argument("--decrypt", action="store_true", help="decrypt stdin with the seed's decrypt")
    p.add_argument("--verification-token")
    p.add_argument("--encrypt-key")
    p.add_argument("--timestamp")
    p.add_argument("--event-type", default="chat_message")
    p.add_argument("--event-id")
    p.add_argument("--scheme", default="sha256", choices=SCHEMES, help="token scheme for --body")
    args = p.parse_args()

    if args.body:
        if not args.verification_token or args.timestamp is None:
            p.error("--body needs --verification-token and --timestamp")
        sys.stdout.write(fresh_body(args))
        return
    if args.decrypt:
        if not args.encrypt_key:
            p.error("--decrypt needs --encrypt-key")
        text = sys.stdin.buffer.read().decode("utf-8").strip()
        if text.startswith("{"):
            text = json.loads(text)["encrypt"]
        sys.stdout.buffer.write(decrypt(text, args.encrypt_key).encode("utf-8"))
        return

    data = render(build_document())
    # determinism check: a second rendering must be byte-identical
    assert data == render(build_document())
    with open(args.out, "wb") as f:
        f.write(data)
    doc = json.loads(data)
    print(
        f"wrote {args.out}: {len(doc['tokenVectors'])} token, {len(doc['schemeVectors'])} scheme, {len(doc['aesVectors'])} AES, "
        f"{len(doc['webhookVectors'])} webhook vectors ({len(data)} bytes)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
