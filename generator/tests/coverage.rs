//! The spec covers exactly the operations of WooshPay's API reference: the index below (taken
//! from the docs' navigation, one row per operation) and the spec must agree row for row.

use std::collections::BTreeSet;
use std::path::Path;

use wooshpay_generator::model::{Model, Provenance};

/// `(operation_id, METHOD, path, provenance)`
type Row = (String, String, String, String);

fn index() -> (Vec<Row>, BTreeSet<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/operation_index.tsv");
    let text = std::fs::read_to_string(path).expect("operation index");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("group\ttitle\tmethod\tpath\tprovenance\toperation_id")
    );
    let mut rows = Vec::new();
    let mut groups = BTreeSet::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 6, "malformed index row: {line}");
        groups.insert(fields[0].to_string());
        rows.push((
            fields[5].into(),
            fields[2].into(),
            fields[3].into(),
            fields[4].into(),
        ));
    }
    (rows, groups)
}

fn spec_rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/wooshpay.yaml");
    let spec = wooshpay_generator::load::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    Model::of(&spec)
        .operations
        .into_iter()
        .map(|op| {
            let provenance = match &op.provenance {
                Ok(Provenance::Documented { .. }) => "documented",
                Ok(Provenance::Inferred { .. }) => "inferred",
                Err(e) => panic!("{}: {e}", op.path),
            };
            let id = if op.has_id { op.id } else { String::new() };
            (id, op.method, op.path, provenance.to_string())
        })
        .collect()
}

#[test]
fn every_documented_operation_is_in_the_spec_and_nothing_else() {
    let (index, groups) = index();
    let spec = spec_rows();
    let index_set: BTreeSet<&Row> = index.iter().collect();
    let spec_set: BTreeSet<&Row> = spec.iter().collect();
    assert_eq!(index_set.len(), index.len(), "the index has duplicate rows");
    let missing: Vec<_> = index_set.difference(&spec_set).collect();
    let unlisted: Vec<_> = spec_set.difference(&index_set).collect();
    assert!(
        missing.is_empty(),
        "in the docs' index but not in the spec: {missing:#?}"
    );
    assert!(
        unlisted.is_empty(),
        "in the spec but not in the docs' index: {unlisted:#?}"
    );

    let documented = spec.iter().filter(|r| r.3 == "documented").count();
    let inferred = spec.iter().filter(|r| r.3 == "inferred").count();
    println!(
        "{} operations in {} groups: {documented} documented, {inferred} inferred",
        spec.len(),
        groups.len()
    );
}
