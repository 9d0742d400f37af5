//! The `token` of pushed events and card callbacks, under every scheme robotwire can check.
//!
//! Seed `000_…`, 事件订阅 › 3. 安全验证和数据加密: the token is "由机器人应用接入时配置的
//! verification token 加换行符 "\n"，加 timeStamp 后的字符串加密生成" by
//! `DongTalkSignatureUtil.encrypt`, a Java toolkit whose source is not public. The same page
//! also says to check that the token "与应用后台的 Verification Token 相同" (a plain comparison),
//! and the card protocol calls it "机器人设置的效验token". No capture settles it, so:
//!
//! - the default for events is our reading of the example (`YpHIdS/j8r/+0JGdzrDyjFAhotK+jcsndLouWB3WwS0=`
//!   is Base64 of 32 bytes): `Base64(SHA-256(verificationToken + "\n" + timeStamp))`;
//! - every other one-line construction a Java utility named `encrypt` plausibly uses is a
//!   named [`Scheme`] too, so `token-probe` can name the one a captured body was signed with
//!   and the webhook can be configured with it, on every runtime, without user crypto code.
//!
//! Every comparison is constant-time (`subtle`) and evaluates every accepted scheme, so the
//! time taken does not tell which scheme came closest.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Digest;
use subtle::ConstantTimeEq;

use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algo {
    Sha256,
    Sha1,
    Md5,
    HmacSha256,
    HmacSha1,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// Standard alphabet with padding (`java.util.Base64.getEncoder()`, the seed's example).
    Base64,
    /// Lowercase hex; compared case-insensitively because Java hex helpers differ on case.
    Hex,
}

/// One way of deriving the token from the verification token and the stamp text (the
/// event's `timeStamp`, or a card callback's `datetime`, as its decimal digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Sha256,
    Plain,
    Sha256Hex,
    HmacSha256,
    HmacSha256Hex,
    Sha1,
    Sha1Hex,
    HmacSha1,
    HmacSha1Hex,
    Md5,
    Md5Hex,
}

impl Scheme {
    /// Every scheme, in the order `token-probe` lists them: the documented reading first.
    pub const ALL: [Scheme; 11] = [
        Scheme::Sha256,
        Scheme::Plain,
        Scheme::Sha256Hex,
        Scheme::HmacSha256,
        Scheme::HmacSha256Hex,
        Scheme::Sha1,
        Scheme::Sha1Hex,
        Scheme::HmacSha1,
        Scheme::HmacSha1Hex,
        Scheme::Md5,
        Scheme::Md5Hex,
    ];

    const fn parts(self) -> (Algo, Encoding) {
        use Encoding::*;
        match self {
            Scheme::Sha256 => (Algo::Sha256, Base64),
            Scheme::Sha256Hex => (Algo::Sha256, Hex),
            Scheme::Sha1 => (Algo::Sha1, Base64),
            Scheme::Sha1Hex => (Algo::Sha1, Hex),
            Scheme::Md5 => (Algo::Md5, Base64),
            Scheme::Md5Hex => (Algo::Md5, Hex),
            Scheme::HmacSha256 => (Algo::HmacSha256, Base64),
            Scheme::HmacSha256Hex => (Algo::HmacSha256, Hex),
            Scheme::HmacSha1 => (Algo::HmacSha1, Base64),
            Scheme::HmacSha1Hex => (Algo::HmacSha1, Hex),
            Scheme::Plain => (Algo::Plain, Base64),
        }
    }

    /// The stable name users put in `tokenScheme` and `--token-scheme`.
    pub const fn id(self) -> &'static str {
        match self {
            Scheme::Sha256 => "sha256",
            Scheme::Sha256Hex => "sha256-hex",
            Scheme::Sha1 => "sha1",
            Scheme::Sha1Hex => "sha1-hex",
            Scheme::Md5 => "md5",
            Scheme::Md5Hex => "md5-hex",
            Scheme::HmacSha256 => "hmac-sha256",
            Scheme::HmacSha256Hex => "hmac-sha256-hex",
            Scheme::HmacSha1 => "hmac-sha1",
            Scheme::HmacSha1Hex => "hmac-sha1-hex",
            Scheme::Plain => "plain",
        }
    }

    /// What the scheme computes, for error messages, `--help` and the README.
    pub const fn formula(self) -> &'static str {
        match self {
            Scheme::Sha256 => r#"Base64(SHA-256(verificationToken + "\n" + timeStamp))"#,
            Scheme::Sha256Hex => r#"hex(SHA-256(verificationToken + "\n" + timeStamp))"#,
            Scheme::Sha1 => r#"Base64(SHA-1(verificationToken + "\n" + timeStamp))"#,
            Scheme::Sha1Hex => r#"hex(SHA-1(verificationToken + "\n" + timeStamp))"#,
            Scheme::Md5 => r#"Base64(MD5(verificationToken + "\n" + timeStamp))"#,
            Scheme::Md5Hex => r#"hex(MD5(verificationToken + "\n" + timeStamp))"#,
            Scheme::HmacSha256 => "Base64(HMAC-SHA256(key = verificationToken, timeStamp))",
            Scheme::HmacSha256Hex => "hex(HMAC-SHA256(key = verificationToken, timeStamp))",
            Scheme::HmacSha1 => "Base64(HMAC-SHA1(key = verificationToken, timeStamp))",
            Scheme::HmacSha1Hex => "hex(HMAC-SHA1(key = verificationToken, timeStamp))",
            Scheme::Plain => "the verification token itself",
        }
    }

    pub fn from_id(id: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether the token depends on the stamp (everything but `plain`).
    pub const fn uses_stamp(self) -> bool {
        !matches!(self, Scheme::Plain)
    }

    /// The token the platform would send under this scheme.
    pub fn sign(self, verification_token: &str, stamp: &str) -> String {
        let (algo, enc) = self.parts();
        let digest = digest(algo, verification_token, stamp);
        match (algo, enc) {
            (Algo::Plain, _) => verification_token.to_owned(),
            (_, Encoding::Base64) => STANDARD.encode(digest),
            (_, Encoding::Hex) => hex(&digest),
        }
    }

    /// Constant-time check of a received token (hex compared without regard to case).
    pub fn matches(self, verification_token: &str, stamp: &str, received: &str) -> bool {
        let expected = self.sign(verification_token, stamp);
        match self.parts().1 {
            Encoding::Hex => {
                let folded: Vec<u8> = received.bytes().map(|b| b.to_ascii_lowercase()).collect();
                ct_eq(expected.as_bytes(), &folded)
            }
            _ => ct_eq(expected.as_bytes(), received.as_bytes()),
        }
    }
}

fn digest(algo: Algo, verification_token: &str, stamp: &str) -> Vec<u8> {
    fn hash<D: Digest>(vt: &str, stamp: &str) -> Vec<u8> {
        let mut h = D::new();
        h.update(vt.as_bytes());
        h.update(b"\n");
        h.update(stamp.as_bytes());
        h.finalize().to_vec()
    }
    fn hmac<M: Mac + hmac::digest::KeyInit>(vt: &str, stamp: &str) -> Vec<u8> {
        // HMAC takes keys of any length, so this never fails; were it to, the empty output
        // matches no token (no panic path).
        <M as hmac::digest::KeyInit>::new_from_slice(vt.as_bytes())
            .map(|mut m| {
                m.update(stamp.as_bytes());
                m.finalize().into_bytes().to_vec()
            })
            .unwrap_or_default()
    }
    match algo {
        Algo::Sha256 => hash::<sha2::Sha256>(verification_token, stamp),
        Algo::Sha1 => hash::<sha1::Sha1>(verification_token, stamp),
        Algo::Md5 => hash::<md5::Md5>(verification_token, stamp),
        Algo::HmacSha256 => hmac::<Hmac<sha2::Sha256>>(verification_token, stamp),
        Algo::HmacSha1 => hmac::<Hmac<sha1::Sha1>>(verification_token, stamp),
        Algo::Plain => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Constant-time equality; inputs of different lengths compare unequal (a length is public:
/// every scheme's output length is fixed, and the plain token's length is not the secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

/// The schemes a webhook accepts for one kind of request, or a check left to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRule {
    /// Any of these; every one is evaluated, whichever matches is reported.
    Schemes(Vec<Scheme>),
    /// The caller computes the expected token itself (the JS `tokenScheme` function): the
    /// verifier checks the token and stamp are present and hands both back.
    External,
}

impl TokenRule {
    /// Parses `sha256`, `either` (= `sha256,plain`), a comma-separated list of scheme ids, or
    /// `custom` (→ `External`).
    pub fn parse(spec: &str) -> Result<TokenRule> {
        match spec {
            "custom" => return Ok(TokenRule::External),
            "either" => return Ok(TokenRule::Schemes(vec![Scheme::Sha256, Scheme::Plain])),
            _ => {}
        }
        let mut out = Vec::new();
        for id in spec.split(',').map(str::trim) {
            let s = Scheme::from_id(id).ok_or_else(|| {
                let known: Vec<&str> = Scheme::ALL.iter().map(|s| s.id()).collect();
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!("unknown token scheme {}; known: {}, either, or a function", echo_name(id), known.join(", ")),
                )
            })?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        Ok(TokenRule::Schemes(out))
    }

    /// The names a mismatch reports (`custom` for `External`).
    pub fn ids(&self) -> Vec<&'static str> {
        match self {
            TokenRule::Schemes(list) => list.iter().map(|s| s.id()).collect(),
            TokenRule::External => vec!["custom"],
        }
    }

    /// `id = formula` for each scheme, joined for an error message.
    pub fn describe(&self) -> String {
        match self {
            TokenRule::Schemes(list) => {
                list.iter().map(|s| format!("{} = {}", s.id(), s.formula())).collect::<Vec<_>>().join("; ")
            }
            TokenRule::External => "custom = the tokenScheme function".to_owned(),
        }
    }
}

/// Checks `received` against every scheme (no early exit) and returns the one that matched.
/// `stamp` is `None` when the request carries none: stamp-based schemes then cannot match.
pub fn find_match(schemes: &[Scheme], verification_token: &str, stamp: Option<&str>, received: &str) -> Option<Scheme> {
    let mut found = None;
    for &s in schemes {
        let ok = match stamp {
            Some(stamp) => s.matches(verification_token, stamp, received),
            None if !s.uses_stamp() => s.matches(verification_token, "", received),
            None => false,
        };
        if ok && found.is_none() {
            found = Some(s);
        }
    }
    found
}

/// What a captured token looks like, without its value, so a probe that finds no scheme can
/// still say "Base64 of 32 bytes: a SHA-256-sized digest".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// In characters.
    pub length: usize,
    /// `hex` (hex digits only, even length), `base64` (standard padded alphabet) or `other`.
    pub encoding: &'static str,
    /// The decoded length for hex and Base64.
    pub bytes: Option<usize>,
}

pub fn shape(received: &str) -> Shape {
    let b = received.as_bytes();
    let length = received.chars().count();
    if !b.is_empty() && b.len() % 2 == 0 && b.iter().all(u8::is_ascii_hexdigit) {
        return Shape { length, encoding: "hex", bytes: Some(b.len() / 2) };
    }
    if let Ok(decoded) = STANDARD.decode(b) {
        if !b.is_empty() {
            return Shape { length, encoding: "base64", bytes: Some(decoded.len()) };
        }
    }
    Shape { length, encoding: "other", bytes: None }
}

/// Every known scheme that reproduces `received` (what `token-probe` reports).
pub fn probe(verification_token: &str, stamp: Option<&str>, received: &str) -> Vec<Scheme> {
    Scheme::ALL.into_iter().filter(|s| find_match(&[*s], verification_token, stamp, received).is_some()).collect()
}

/// An unknown scheme name as an error may show it: verbatim only when it looks like a name. A
/// misconfigured option (`tokenScheme: process.env.X` holding the verification token) must not
/// carry the secret into logs.
pub fn echo_name(id: &str) -> String {
    if !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        format!("\"{id}\"")
    } else {
        format!("(a value of {} characters, not shown)", id.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_echoed_only_when_they_look_like_names() {
        assert_eq!(echo_name("sha512"), "\"sha512\"");
        assert_eq!(echo_name("fake-Secret Token"), "(a value of 17 characters, not shown)");
        assert_eq!(echo_name(""), "(a value of 0 characters, not shown)");
    }

    const VT: &str = "fake-verification-token";

    #[test]
    fn ids_round_trip_and_are_unique() {
        for s in Scheme::ALL {
            assert_eq!(Scheme::from_id(s.id()), Some(s));
        }
        let mut ids: Vec<_> = Scheme::ALL.iter().map(|s| s.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Scheme::ALL.len());
    }

    #[test]
    fn output_shapes() {
        for (s, len) in [
            (Scheme::Sha256, 44),
            (Scheme::Sha256Hex, 64),
            (Scheme::Sha1, 28),
            (Scheme::Sha1Hex, 40),
            (Scheme::Md5, 24),
            (Scheme::Md5Hex, 32),
            (Scheme::HmacSha256, 44),
            (Scheme::HmacSha256Hex, 64),
            (Scheme::HmacSha1, 28),
            (Scheme::HmacSha1Hex, 40),
        ] {
            assert_eq!(s.sign(VT, "1621930353703").len(), len, "{}", s.id());
        }
        assert_eq!(Scheme::Plain.sign(VT, "1"), VT);
    }

    #[test]
    fn each_scheme_matches_itself_only() {
        let stamp = "1700000000000";
        for s in Scheme::ALL {
            let tok = s.sign(VT, stamp);
            assert_eq!(probe(VT, Some(stamp), &tok), vec![s], "{}", s.id());
            assert!(!s.matches(VT, "1700000000001", &tok) || s == Scheme::Plain);
            assert!(!s.matches("other", stamp, &tok));
        }
    }

    #[test]
    fn hex_is_case_insensitive() {
        let tok = Scheme::Md5Hex.sign(VT, "5").to_ascii_uppercase();
        assert!(Scheme::Md5Hex.matches(VT, "5", &tok));
        // Base64 is case-sensitive.
        let b = Scheme::Sha256.sign(VT, "5");
        assert!(!Scheme::Sha256.matches(VT, "5", &b.to_ascii_lowercase()));
    }

    #[test]
    fn rules_parse() {
        assert_eq!(TokenRule::parse("either").unwrap(), TokenRule::Schemes(vec![Scheme::Sha256, Scheme::Plain]));
        assert_eq!(TokenRule::parse("custom").unwrap(), TokenRule::External);
        assert_eq!(
            TokenRule::parse("md5-hex, plain,plain").unwrap(),
            TokenRule::Schemes(vec![Scheme::Md5Hex, Scheme::Plain])
        );
        for bad in ["", "SHA256", "sha256,", "either,plain"] {
            assert_eq!(TokenRule::parse(bad).unwrap_err().kind, ErrorKind::InvalidArgument, "{bad:?}");
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(shape(&Scheme::Sha256.sign(VT, "1")), Shape { length: 44, encoding: "base64", bytes: Some(32) });
        assert_eq!(shape(&Scheme::Md5Hex.sign(VT, "1")), Shape { length: 32, encoding: "hex", bytes: Some(16) });
        assert_eq!(shape(&Scheme::Sha1.sign(VT, "1")), Shape { length: 28, encoding: "base64", bytes: Some(20) });
        assert_eq!(shape("fake verification token!"), Shape { length: 24, encoding: "other", bytes: None });
        assert_eq!(shape(""), Shape { length: 0, encoding: "other", bytes: None });
        assert_eq!(shape("令牌").length, 2);
    }

    #[test]
    fn missing_stamp_only_plain_can_match() {
        assert_eq!(find_match(&[Scheme::Sha256, Scheme::Plain], VT, None, VT), Some(Scheme::Plain));
        let signed = Scheme::Sha256.sign(VT, "");
        assert_eq!(find_match(&[Scheme::Sha256], VT, None, &signed), None);
    }
}
