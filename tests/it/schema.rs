//! `schema.graphql` is the API contract: it must equal what the server serves.

#[test]
fn the_committed_schema_equals_the_served_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == baton_api::schema_sdl(),
        "schema.graphql is stale: regenerate it with `cargo run -- schema > schema.graphql`"
    );
}

/// `docs/rules.md` lists every clock and transition with its basis, generated from the rule
/// sets: it must equal what the data says.
#[test]
fn the_committed_rule_page_equals_the_bundled_rule_sets() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");
    let committed = std::fs::read_to_string(path).unwrap();
    let book = baton_domain::ruleset::RuleBook::bundled().unwrap();
    assert!(
        committed == baton_domain::ruleset::doc::book_markdown(book.all()),
        "docs/rules.md is stale: regenerate it with `cargo run -- rules-doc > docs/rules.md`"
    );
}
