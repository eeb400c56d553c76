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
