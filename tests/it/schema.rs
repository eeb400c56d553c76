//! `schema.graphql` is the API contract: it must equal what the server serves.

#[test]
fn the_committed_schema_equals_the_served_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed == baton_api::schema_sdl(),
        "schema.graphql is stale: regenerate it with `cargo run -q -- schema > /tmp/schema.graphql && mv /tmp/schema.graphql schema.graphql`"
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
        "docs/rules.md is stale: regenerate it with `cargo run -- rules-doc --write`"
    );
}

/// The README's table of clocks and `docs/design.md`'s tables of clocks and transitions are
/// generated from the newest rule set: each must equal what the data says.
#[test]
fn the_readme_and_design_tables_equal_the_rule_set_in_force() {
    use baton_domain::ruleset::doc;
    let book = baton_domain::ruleset::RuleBook::bundled().unwrap();
    let newest = book.all().last().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut checked = 0;
    for page in baton_server::app::PAGES_WITH_RULE_TABLES {
        let text = std::fs::read_to_string(format!("{root}/{page}")).unwrap();
        for (name, table) in doc::blocks(newest) {
            if let Some(committed) = doc::block(&text, name) {
                checked += 1;
                assert!(
                    committed == table,
                    "the {name} table of {page} is stale: regenerate with `cargo run -- rules-doc --write`"
                );
            }
        }
    }
    assert_eq!(
        checked, 3,
        "README (clocks) and docs/design.md (clocks, transitions)"
    );
}
