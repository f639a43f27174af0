//! Node sets and the texts that follow them: which nodes take a part (say, which may propose)
//! and one short text per member (say, each proposer's value).
//!
//! A text belongs to its member, not to its place in the list: when the set changes, each kept
//! member keeps its text wherever it now stands and a new member takes the default of its place
//! ([`default_text`]), so that ticking another node does not shuffle what the learner typed.

use serde_json::Value;
use synod_core::form::default_text;

/// The members a params value names: its whole numbers, ascending, each once. Anything else (a
/// hand-edited link) is left out rather than refused, since the form can only show nodes as
/// boxes to tick; members beyond the count are dropped when the draft fits its sets to their
/// counts.
pub(super) fn read(value: &Value) -> Vec<u64> {
    let mut members: Vec<u64> = value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    members.sort_unstable();
    members.dedup();
    members
}

/// `texts`, given for `members` members in order, fitted to exactly that many: the given ones
/// keep their places, missing ones take their place's default, extra ones are dropped (a
/// hand-edited link may say too few or too many).
pub(super) fn fit(mut texts: Vec<String>, members: usize) -> Vec<String> {
    texts.truncate(members);
    let given = texts.len();
    texts.extend((given..members).map(default_text));
    texts
}

/// The texts of the members `before` (one per member, in order) once the set is `after`.
pub(super) fn follow(before: &[u64], after: &[u64], texts: &[String]) -> Vec<String> {
    after
        .iter()
        .enumerate()
        .map(|(place, member)| {
            before
                .iter()
                .position(|kept| kept == member)
                .and_then(|was| texts.get(was))
                .cloned()
                .unwrap_or_else(|| default_text(place))
        })
        .collect()
}

/// A node set's value in params (its members, ascending), or why it cannot be one.
pub(super) fn set_value(label: &str, members: &[u64], min: u64) -> Result<Value, String> {
    if (members.len() as u64) < min {
        let nodes = if min == 1 { "node" } else { "nodes" };
        return Err(format!("{label}: choose at least {min} {nodes}."));
    }
    Ok(Value::from(members.to_vec()))
}

/// The texts' value in params (one string per member of `members`, in order, without the
/// spaces around it), or what is wrong with the first bad one, naming its node.
pub(super) fn texts_value(
    label: &str,
    members: &[u64],
    texts: &[String],
    max: u64,
) -> Result<Value, String> {
    if texts.len() != members.len() {
        return Err(format!(
            "{label} needs one entry per chosen node: {} for {}.",
            texts.len(),
            members.len()
        ));
    }
    members
        .iter()
        .zip(texts)
        .map(|(node, text)| {
            let text = text.trim();
            let length = text.chars().count() as u64;
            if text.is_empty() {
                Err(format!("{label} for node {node} must not be empty."))
            } else if length > max {
                Err(format!(
                    "{label} for node {node} must be at most {max} characters, not {length}."
                ))
            } else {
                Ok(Value::from(text))
            }
        })
        .collect::<Result<Vec<Value>, String>>()
        .map(Value::Array)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn texts(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn members_are_the_whole_numbers_given_each_once_in_order() {
        assert_eq!(read(&json!([3, 0, 3, "x", -1, 1.5, 2])), vec![0, 2, 3]);
        assert_eq!(read(&json!("0,1")), Vec::<u64>::new());
    }

    #[test]
    fn texts_read_from_params_fit_the_members_keeping_their_places() {
        assert_eq!(fit(texts(&["x"]), 3), texts(&["x", "B", "C"]));
        assert_eq!(fit(texts(&["x", "y", "z"]), 1), texts(&["x"]));
    }

    #[test]
    fn a_kept_member_keeps_its_text_and_a_new_one_takes_its_places_default() {
        let before = [0, 2, 4];
        let typed = texts(&["zero", "two", "four"]);
        assert_eq!(
            follow(&before, &[0, 1, 2, 4], &typed),
            texts(&["zero", "B", "two", "four"])
        );
        assert_eq!(follow(&before, &[2, 4], &typed), texts(&["two", "four"]));
        assert_eq!(follow(&before, &[], &typed), texts(&[]));
    }

    #[test]
    fn a_set_with_too_few_members_is_refused_in_words() {
        assert_eq!(
            set_value("Proposers", &[], 1).unwrap_err(),
            "Proposers: choose at least 1 node."
        );
        assert_eq!(
            set_value("Acceptors", &[1], 2).unwrap_err(),
            "Acceptors: choose at least 2 nodes."
        );
        assert_eq!(set_value("Proposers", &[1, 3], 1), Ok(json!([1, 3])));
    }

    #[test]
    fn an_empty_or_long_text_is_refused_naming_its_node() {
        let members = [1, 3];
        assert_eq!(
            texts_value("Values", &members, &texts(&["A", "  "]), 4).unwrap_err(),
            "Values for node 3 must not be empty."
        );
        assert_eq!(
            texts_value("Values", &members, &texts(&["apple", "B"]), 4).unwrap_err(),
            "Values for node 1 must be at most 4 characters, not 5."
        );
        assert_eq!(
            texts_value("Values", &members, &texts(&[" ü ", "café"]), 4),
            Ok(json!(["ü", "café"]))
        );
    }
}
