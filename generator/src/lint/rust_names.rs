//! The names Rust and the generated crate already take, which the spec's names must not.

/// Rust's keywords (strict, reserved, and those of later editions): none can name a module,
/// a type or a method.
pub(super) const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Module names the generated crate already uses where resource groups (tags) become modules.
pub(super) const RESERVED_MODULES: &[&str] = &["builder", "types", "mod"];

/// Names the client already has (hand-written or generated), which an operation's method
/// would clash with, and the builder's own methods.
pub(super) const RESERVED_OPERATION_IDS: &[&str] = &[
    "builder",
    "new",
    "new_with_client",
    "from_env",
    "base_url",
    "baseurl",
    "mode",
    "client",
    "inner",
    "execute",
    "execute_empty",
    "send",
    "attempt",
    "stream",
    "body",
    "body_map",
    "clone",
    "fmt",
];

/// A type name as the generator writes it: ASCII, PascalCase, not a keyword.
pub(super) fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

/// A snake_case identifier: lower-case ASCII words joined by single underscores.
pub(super) fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.contains("__")
        && !id.ends_with('_')
}

/// Names every operation builder already uses for its own methods and fields.
pub(super) const RESERVED_PARAMETERS: &[&str] = &[
    "idempotency_key",
    "max_retries",
    "timeout",
    "options",
    "client",
    "send",
    "prepare",
    "stream",
    "body",
];
