//! How smm writes lists, counts and times in its messages and documents.
//!
//! The time, calendar and KPI passes all say "a, b and c", "3 posts", "the 2nd post" or
//! "09:00" in their diagnostics; one copy of each phrase keeps their wording the same (and a
//! fix to one applies to all). Amounts of money are written by [`crate::numbers`].

use chrono::{NaiveDateTime, NaiveTime, Weekday};

/// "a", "a and b", "a, b and c".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "and")
}

/// "a", "a or b", "a, b or c".
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "or")
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub fn quoted_and_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    and_list(&quoted)
}

fn join<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", init.join(", "), last.as_ref())
        }
    }
}

/// "1 post", "3 posts".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1st", "2nd", "3rd", "11th", "22nd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "a" or "an" before `word`, by its first letter ("an engagement objective").
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// `09:00`
pub fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// `2027-03-09 18:00`
pub fn date_time(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%d %H:%M").to_string()
}

/// `Monday`: the English name of a weekday, as diagnostics and the Markdown calendar write it.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_the_last_item_with_the_word() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
        assert_eq!(quoted_and_list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }

    #[test]
    fn ordinals_and_plurals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 111].map(ordinal).to_vec();
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th"]
        );
        assert_eq!(plural(1, "post", "posts"), "1 post");
        assert_eq!(plural(0, "post", "posts"), "0 posts");
        assert_eq!(article("engagement"), "an");
        assert_eq!(article("reach"), "a");
    }
}
