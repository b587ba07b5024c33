//! The Rust names progenitor and typify make of names in the spec, reproduced so that the lint
//! stage can refuse two spec names that would become one Rust name (code that does not compile,
//! or a typify panic) before they reach progenitor.

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// The case a name is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and enum variants.
    Pascal,
    /// Struct fields, parameters and methods.
    Snake,
}

/// typify's name for a type or enum variant (`Pascal`) or a struct field (`Snake`).
pub fn typify(input: &str, case: Case) -> String {
    sanitize(input, case, |case| convert("x", case))
}

/// progenitor's name for a parameter (`Snake`) or a request builder (`Pascal`).
pub fn progenitor(input: &str, case: Case) -> String {
    sanitize(input, case, |_| "_".to_string())
}

fn convert(input: &str, case: Case) -> String {
    match case {
        Case::Pascal => input.to_pascal_case(),
        Case::Snake => input.to_snake_case(),
    }
}

/// Both generators' sanitizer; they differ only in what they put before a name that cannot
/// start an identifier.
fn sanitize(input: &str, case: Case, prefix: impl Fn(Case) -> String) -> String {
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => convert(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
            case,
        ),
    };
    let out = match out.chars().next() {
        None => convert("x", case),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("{}{out}", prefix(case)),
    };
    if KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

/// The words typify and progenitor do not use as identifiers (they append `_`).
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// typify's variant names for an enum's values: each value as PascalCase, or, when two collide,
/// with the characters dropped the first time written as `X`. `Err` holds the groups of
/// values that still share a name (typify panics on those).
pub fn variant_names(values: &[&str]) -> Result<Vec<String>, Vec<Vec<String>>> {
    let first: Vec<String> = values.iter().map(|v| typify(v, Case::Pascal)).collect();
    if duplicates(values, &first).is_empty() {
        return Ok(first);
    }
    let second: Vec<String> = values
        .iter()
        .map(|v| {
            let spelled = v.replace(|c: char| c == '_' || !is_xid_continue(c), "X");
            typify(&spelled, Case::Pascal)
        })
        .collect();
    match duplicates(values, &second) {
        groups if groups.is_empty() => Ok(second),
        groups => Err(groups),
    }
}

/// The groups of `names` (of two or more) that map to the same entry of `made`, in order.
pub fn duplicates(names: &[&str], made: &[String]) -> Vec<Vec<String>> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (name, made) in names.iter().zip(made) {
        match groups.iter_mut().find(|(m, _)| m == made) {
            Some((_, group)) => group.push(name.to_string()),
            None => groups.push((made.clone(), vec![name.to_string()])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, group)| group.len() > 1)
        .map(|(_, group)| group)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_generators() {
        assert_eq!(typify("COUPON", Case::Pascal), "Coupon");
        assert_eq!(typify("clientIp", Case::Snake), "client_ip");
        assert_eq!(typify("Self", Case::Pascal), "Self_");
        assert_eq!(typify("3ds", Case::Snake), "x3ds");
        assert_eq!(progenitor("3ds", Case::Snake), "_3ds");
        assert_eq!(typify("", Case::Pascal), "X");
        assert_eq!(typify("+1", Case::Pascal), "plus1");
    }

    #[test]
    fn colliding_variants_are_grouped() {
        assert_eq!(
            variant_names(&["aB", "a_b"]),
            Ok(vec!["AB".to_string(), "AXb".to_string()]),
            "the second spelling separates them"
        );
        assert_eq!(
            variant_names(&["err", "Err", "on"]),
            Err(vec![vec!["err".to_string(), "Err".to_string()]])
        );
        assert_eq!(
            variant_names(&["on", "off"]),
            Ok(vec!["On".to_string(), "Off".to_string()])
        );
    }
}
