//! One error type for the whole core. `kind.code()` is the stable machine-readable id the
//! TypeScript layer exposes as `error.code`; `detail` is for humans and never carries a
//! secret (verification token, Encrypt Key, app secret) or the body under test.

use core::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The body is larger than the configured cap; nothing else was looked at.
    BodyTooLarge,
    /// Not valid JSON, or valid JSON of the wrong shape.
    InvalidJson,
    /// The `encrypt` value is not standard, padded Base64.
    InvalidBase64,
    /// The decoded ciphertext is too short or not whole AES blocks.
    InvalidCiphertext,
    /// PKCS#7 padding is wrong after decryption (wrong key or tampered data).
    InvalidPadding,
    /// The decrypted plaintext is not UTF-8.
    InvalidUtf8,
    /// An event arrived unencrypted although an Encrypt Key is configured.
    EncryptionRequired,
    /// An encrypted body arrived but no Encrypt Key is configured.
    EncryptKeyMissing,
    /// A field the check needs is absent.
    MissingField,
    /// A field has the wrong type or an impossible value.
    InvalidField,
    /// An event's `token` matches none of the accepted schemes.
    TokenMismatch,
    /// A card callback's `token` matches none of the accepted schemes (same code; kept apart
    /// so the JS error can say which rule was tried without widening `Error`).
    CardTokenMismatch,
    /// `timeStamp` is outside the replay window.
    TimestampOutOfWindow,
    /// A caller passed an unusable argument (empty key, IV of the wrong length, …).
    InvalidArgument,
    /// A built JD ME request breaks a documented platform rule (`jdme::rules`); the detail
    /// lists every rule id.
    RuleViolation,
    /// A bounded store is full of state that has not expired (a limit is never forgotten).
    StoreFull,
}

impl ErrorKind {
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::BodyTooLarge => "body_too_large",
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::InvalidBase64 => "invalid_base64",
            ErrorKind::InvalidCiphertext => "invalid_ciphertext",
            ErrorKind::InvalidPadding => "invalid_padding",
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::EncryptionRequired => "encryption_required",
            ErrorKind::EncryptKeyMissing => "encrypt_key_missing",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::InvalidField => "invalid_field",
            ErrorKind::TokenMismatch | ErrorKind::CardTokenMismatch => "token_mismatch",
            ErrorKind::TimestampOutOfWindow => "timestamp_out_of_window",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::RuleViolation => "rule_violation",
            ErrorKind::StoreFull => "store_full",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub detail: String,
    /// The failure came after AES decryption of an encrypted body (padding, UTF-8, JSON,
    /// fields, token, window). Whoever answers the sender must not tell these apart: with
    /// CBC and no MAC, an answer that differs between a bad padding and anything later lets
    /// a captured event be decrypted a byte at a time (a padding oracle). `kind` and `detail`
    /// are still exact, for logs.
    pub sealed: bool,
}

impl Error {
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Error { kind, detail: detail.into(), sealed: false }
    }
    /// This error, marked as coming after decryption (see `sealed`).
    pub fn sealed(mut self) -> Self {
        self.sealed = true;
        self
    }
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.detail)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = core::result::Result<T, Error>;
