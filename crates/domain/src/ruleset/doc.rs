//! The rule set as a page people read: every clock and every transition with its legal
//! basis, generated from the data (`baton rules-doc --write`; a test keeps the
//! committed page equal to it), so the documentation cannot drift from the law Baton runs.

use std::fmt::Write as _;

use super::{ClockRule, Condition, Direction, RuleSet};

/// One rule set as Markdown: its settings, clocks and transitions.
pub fn markdown(rules: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Rule set {} (from {})\n\n{}\n",
        rules.version, rules.effective_from, rules.title
    );
    out.push_str(&settings(rules));
    let _ = write!(
        out,
        "### Clocks\n\n{}\n### Transitions\n\n{}\n",
        clock_table(rules),
        transition_table(rules)
    );
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn settings(rules: &RuleSet) -> String {
    let s = &rules.settings;
    macro_rules! row {
        ($name:ident) => {
            (
                stringify!($name),
                s.$name.value.to_string(),
                &s.$name.reason,
            )
        };
    }
    let rows = [
        row!(assignment_counts_from),
        row!(detention_forwarding_by_analogy),
        row!(hour_clocks_run_through_rest_days),
        row!(immediately_hours),
        row!(branch_assigns_from_center_roster),
    ];
    let mut out = String::from("### Settings\n\n| setting | value | reason |\n|---|---|---|\n");
    for (name, value, reason) in rows {
        let _ = writeln!(out, "| `{name}` | `{value}` | {} |", cell(reason));
    }
    out.push('\n');
    out
}

fn condition(c: &Condition) -> String {
    let mut parts = Vec::new();
    if !c.custody.is_empty() {
        parts.push(format!("custody {}", list(&c.custody)));
    }
    if !c.proceeding.is_empty() {
        parts.push(format!("proceeding {}", list(&c.proceeding)));
    }
    if !c.any_flag.is_empty() {
        parts.push(format!("any flag {}", list(&c.any_flag)));
    }
    if !c.agency_kind.is_empty() {
        parts.push(format!("handled by {}", list(&c.agency_kind)));
    }
    match c.mandatory_defence {
        Some(true) => parts.push("mandatory defence".to_owned()),
        Some(false) => parts.push("not a mandatory defence".to_owned()),
        None => {}
    }
    parts.join("; ")
}

fn limits(rules: &RuleSet, clock: &ClockRule) -> String {
    clock
        .limits
        .iter()
        .map(|l| {
            let when = condition(&l.when);
            let when = if when.is_empty() {
                "otherwise".to_owned()
            } else {
                when
            };
            format!(
                "{when}: **{}** ({})",
                l.describe_vi(&rules.settings),
                cell(&l.basis)
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Every clock of one rule set, with who owes it, when it starts, what it applies to and
/// each limit with its basis: one Markdown table (in `docs/rules.md`, `docs/design.md` and
/// the README).
pub fn clock_table(rules: &RuleSet) -> String {
    let mut out = String::from(
        "| clock | duty | owed by | starts | applies to | limits and basis |\n\
         |---|---|---|---|---|---|\n",
    );
    for c in &rules.clocks {
        let applies = match (condition(&c.applies_when), &c.enabled_by) {
            (when, None) if when.is_empty() => "every matter".to_owned(),
            (when, None) => when,
            (when, Some(setting)) => format!("{when} when `{setting}`").trim().to_owned(),
        };
        let starts = match c.direction {
            Direction::Forward => c.starts.label_vi().to_owned(),
            Direction::BeforeHearing => c.direction.label_vi().to_owned(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} (*{}*) | {} | {starts} | {} | {} |",
            c.id,
            cell(&c.label_en),
            cell(&c.label_vi),
            c.responsible.label_vi(),
            applies,
            limits(rules, c)
        );
    }
    out
}

/// Every transition of one rule set, with who fires it, the clocks it moves and its basis:
/// one Markdown table (in `docs/rules.md` and `docs/design.md`).
pub fn transition_table(rules: &RuleSet) -> String {
    let mut out = String::from(
        "| command | from | to | by | opens | closes | cancels | pauses | resumes | basis |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for t in &rules.transitions {
        let from = if t.from.is_empty() {
            "(new matter)".to_owned()
        } else {
            list(&t.from)
        };
        let to =
            t.to.map_or_else(|| "(stays)".to_owned(), |s| format!("`{s}`"));
        let _ = writeln!(
            out,
            "| `{}` {} | {from} | {to} | {}: {} | {} | {} | {} | {} | {} | {} |",
            t.command,
            t.command.label_vi(),
            t.actor.label_vi(),
            list(&t.roles),
            list(&t.opens),
            list(&t.closes),
            list(&t.cancels),
            list(&t.pauses),
            list(&t.resumes),
            cell(&t.basis)
        );
    }
    out
}

/// Every rule set of the book, newest first, under one heading.
pub fn book_markdown(sets: &[RuleSet]) -> String {
    let mut out = String::from(
        "# The rule sets as Baton runs them\n\n\
         Generated from `crates/domain/rules/rulesets/*.toml` by `cargo run -- rules-doc`; \
         do not edit by hand (a test keeps this page equal to the data). Each clock and \
         transition names its legal basis; see [The whole plan](plan.md) for how they \
         fit together.\n\n",
    );
    for rules in sets.iter().rev() {
        out.push_str(&markdown(rules));
    }
    out
}

/// The tables that other pages (the README, `docs/design.md`) carry of the rule set in
/// force, by block name: the same tables as `docs/rules.md`, so every page lists the same
/// clocks.
pub fn blocks(newest: &RuleSet) -> [(&'static str, String); 2] {
    [
        ("clocks", clock_table(newest)),
        ("transitions", transition_table(newest)),
    ]
}

/// The opening marker of a generated block in a Markdown page.
pub fn block_start(name: &str) -> String {
    format!("<!-- generated: {name} (cargo run -- rules-doc --write; do not edit) -->\n")
}

/// The closing marker of a generated block.
pub fn block_end(name: &str) -> String {
    format!("<!-- end generated: {name} -->")
}

/// `page` with the text between the markers of block `name` replaced by `content`, or
/// `None` when the page has no such block.
pub fn splice(page: &str, name: &str, content: &str) -> Option<String> {
    let (start, end) = (block_start(name), block_end(name));
    let from = page.find(&start)? + start.len();
    let to = from + page[from..].find(&end)?;
    Some(format!("{}{content}{}", &page[..from], &page[to..]))
}

/// The content of block `name` in `page`, if it has one.
pub fn block<'a>(page: &'a str, name: &str) -> Option<&'a str> {
    let (start, end) = (block_start(name), block_end(name));
    let from = page.find(&start)? + start.len();
    let to = from + page[from..].find(&end)?;
    Some(&page[from..to])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn splice_replaces_only_the_named_block() {
        let page = format!(
            "intro\n{}old\n{}\noutro\n",
            block_start("clocks"),
            block_end("clocks")
        );
        let new = splice(&page, "clocks", "| a |\n").unwrap();
        assert_eq!(block(&new, "clocks"), Some("| a |\n"));
        assert!(new.starts_with("intro\n") && new.ends_with("\noutro\n"));
        assert_eq!(splice(&page, "transitions", "x"), None);
    }
}
