//! `smm explain`: the long explanation of a diagnostic code, or the list of every code.

use std::process::ExitCode;

use super::Fatal;

pub(crate) fn explain(code: Option<&str>, list: bool) -> Result<ExitCode, Fatal> {
    use smm::diagnostic::codes::CODES;
    if list {
        for c in CODES {
            println!("{}  {:<28} {}", c.code, c.lint.unwrap_or(""), c.summary);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let asked = code.unwrap_or_default();
    // A lint name stands for its code.
    let code = CODES
        .iter()
        .find(|c| c.lint == Some(asked) || c.code.eq_ignore_ascii_case(asked))
        .map(|c| c.code);
    match code.and_then(smm::diagnostic::explain::explanation) {
        Some(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let all = CODES
                .iter()
                .map(|c| c.code)
                .chain(CODES.iter().filter_map(|c| c.lint));
            let hint = smm::schema::suggest(asked, all)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            Err(Fatal(format!(
                "no diagnostic code `{asked}`{hint} (`smm explain --list` lists them)"
            )))
        }
    }
}
