//! The README's figures about the API, checked against the spec: a README that drifts from
//! the code misleads the first reader it has.

#[cfg(test)]
mod tests {
    use std::fs;

    use wooshpay_generator::{load, model::Model};

    /// The number just before `words` in `text` (thousands separators allowed).
    fn number_before(text: &str, words: &str) -> usize {
        let end = text
            .find(words)
            .unwrap_or_else(|| panic!("README states `{words}`"));
        let digits: String = text[..end]
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("a number before `{words}`"))
    }

    #[test]
    fn the_readme_counts_the_operations_the_spec_has() {
        let root = crate::workspace_root();
        let readme = fs::read_to_string(root.join("README.md")).unwrap();
        let spec = fs::read_to_string(root.join("spec/wooshpay.yaml")).unwrap();
        let model = Model::of(&load::load(&spec).unwrap());
        let total = model.operations.len();
        let hand_written = model.operations.iter().filter(|o| o.hand_written).count();
        let groups: std::collections::BTreeSet<&str> = model
            .operations
            .iter()
            .map(|o| o.resource.group.as_str())
            .collect();
        let generated = wooshpay_generator::generate(&spec).unwrap().operations;
        assert_eq!(generated + hand_written, total);
        assert_eq!(number_before(&readme, " operations in "), total);
        assert_eq!(number_before(&readme, " resource groups"), groups.len());
        assert_eq!(
            number_before(&readme, " generated and one hand-written"),
            generated
        );
        assert_eq!(
            hand_written, 1,
            "the README names one hand-written operation"
        );
    }
}
