//! The depth limit, counted apart for introspection. A field at the root is at depth 1.
//! An operation's ordinary fields may nest [`MAX_DEPTH`] deep; the subtree of an
//! introspection root field (`__schema`, `__type`) may nest [`MAX_INTROSPECTION_DEPTH`]
//! deep, enough for the standard introspection query of graphql-js (GraphiQL's, whose
//! `TypeRef` fragment nests `ofType` seven times). Introspection is answered from memory
//! and still counts toward the complexity, alias and field limits.
//!
//! The document is measured before validation, so fragments may be missing or spread in
//! a cycle: the walk follows each spread, stops at the limit, and gives up (refusing the
//! document) after [`MAX_STEPS`] selections.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned};

/// How deep an operation's fields may nest.
pub const MAX_DEPTH: usize = 12;
/// How deep the subtree of `__schema` or `__type` may nest (the standard introspection
/// query of graphql-js reaches 13; later versions with a deeper `TypeRef`, 15).
pub const MAX_INTROSPECTION_DEPTH: usize = 16;
/// Selections the walk visits at most, fragments expanded.
const MAX_STEPS: usize = 100_000;

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// Why a document is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TooDeep {
    /// Ordinary fields nest deeper than [`MAX_DEPTH`].
    Fields,
    /// An introspection subtree nests deeper than [`MAX_INTROSPECTION_DEPTH`].
    Introspection,
}

/// Checks every operation of `document` against the depth limits.
pub fn check(document: &ExecutableDocument) -> Result<(), TooDeep> {
    let mut walk = Walk {
        fragments: &document.fragments,
        steps: 0,
    };
    for (_, operation) in document.operations.iter() {
        walk.root(&operation.node.selection_set.node, 0)?;
    }
    Ok(())
}

struct Walk<'a> {
    fragments: &'a Fragments,
    steps: usize,
}

impl Walk<'_> {
    /// The root fields, fragments at the root expanded; `spreads` bounds a cycle.
    fn root(&mut self, set: &SelectionSet, spreads: usize) -> Result<(), TooDeep> {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    let (limit, refusal) = if name == "__schema" || name == "__type" {
                        (MAX_INTROSPECTION_DEPTH, TooDeep::Introspection)
                    } else {
                        (MAX_DEPTH, TooDeep::Fields)
                    };
                    if self.deepest(&field.node.selection_set.node, 1, limit) > limit {
                        return Err(refusal);
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.root(&fragment.node.selection_set.node, spreads)?;
                }
                Selection::FragmentSpread(spread) => {
                    if spreads > MAX_DEPTH {
                        return Err(TooDeep::Fields);
                    }
                    if let Some(fragment) = self.fragments.get(&spread.node.fragment_name.node) {
                        self.root(&fragment.node.selection_set.node, spreads + 1)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The depth of the deepest field under `set`, whose parent field is at `level`;
    /// anything past `limit` answers `limit + 1`.
    fn deepest(&mut self, set: &SelectionSet, level: usize, limit: usize) -> usize {
        let mut deepest = level;
        for item in &set.items {
            self.steps += 1;
            if self.steps > MAX_STEPS || deepest > limit {
                return limit + 1;
            }
            let depth = match &item.node {
                Selection::Field(field) => {
                    if level + 1 > limit {
                        return limit + 1;
                    }
                    self.deepest(&field.node.selection_set.node, level + 1, limit)
                }
                Selection::InlineFragment(fragment) => {
                    self.deepest(&fragment.node.selection_set.node, level, limit)
                }
                Selection::FragmentSpread(spread) => {
                    match self.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => {
                            self.deepest(&fragment.node.selection_set.node, level, limit)
                        }
                        None => level,
                    }
                }
            };
            deepest = deepest.max(depth);
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(query: &str) -> Result<(), TooDeep> {
        check(&async_graphql::parser::parse_query(query).expect("a valid document"))
    }

    fn nested(name: &str, depth: usize) -> String {
        let mut q = "a".to_owned();
        for _ in 1..depth {
            q = format!("{name} {{ {q} }}");
        }
        format!("{{ {q} }}")
    }

    #[test]
    fn fields_may_nest_twelve_deep_and_no_deeper() {
        assert_eq!(depth_of(&nested("f", MAX_DEPTH)), Ok(()));
        assert_eq!(depth_of(&nested("f", MAX_DEPTH + 1)), Err(TooDeep::Fields));
    }

    #[test]
    fn a_fragment_counts_where_it_is_spread_and_a_cycle_ends() {
        let deep = nested("f", MAX_DEPTH);
        let inner = &deep[2..deep.len() - 2];
        let q = format!("{{ f {{ ...F }} }} fragment F on T {{ {inner} }}");
        assert_eq!(depth_of(&q), Err(TooDeep::Fields));
        let cycle = "{ ...A } fragment A on Query { f { ...A } }";
        assert_eq!(depth_of(cycle), Err(TooDeep::Fields));
    }

    #[test]
    fn introspection_has_its_own_limit() {
        let under_schema =
            nested("ofType", MAX_INTROSPECTION_DEPTH).replacen("ofType", "__schema", 1);
        // `nested` puts the outermost name first.
        assert_eq!(depth_of(&under_schema), Ok(()));
        let too_deep =
            nested("ofType", MAX_INTROSPECTION_DEPTH + 1).replacen("ofType", "__schema", 1);
        assert_eq!(depth_of(&too_deep), Err(TooDeep::Introspection));
    }
}
