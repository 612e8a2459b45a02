//! Reading a large file in pieces on several threads, with the same result as reading it whole.
//!
//! A file of a few megabytes is cut at line starts that look like top-level statements (a
//! letter at the start of a line), near equal sizes. Each piece is read at the same time by its
//! own driver, as if it were the start of a file. The pieces are then joined in order: a piece
//! stands only if the piece before it stopped exactly at its first byte, at top level, with a
//! fresh driver state. Otherwise the cut was inside something (a block written without
//! indentation, a text block, a comment) and the previous piece's driver simply goes on reading
//! over it. So the tree and the diagnostics are the same as a reading of the whole file, only
//! faster when the cuts are good (they are for formatted plans).

use super::parser::{continue_piece, read_piece, Parsed, Piece};
use crate::ast;
use crate::source::FileId;

/// Files smaller than this are read in one piece: threads would cost more than they save.
const MIN_PIECE: usize = 256 * 1024;

/// Pieces per thread: a thread that finishes its piece early (or starts late, busy with other
/// work) takes the next one instead of waiting for the others. Measured on the 10 MB plan,
/// alternating with one piece per thread: 3–6% faster checks.
const PIECES_PER_THREAD: usize = 4;

/// Where to cut `src`: byte offsets of line starts that begin with an ASCII letter, about
/// `len / n` apart for n pieces ([`PIECES_PER_THREAD`] per rayon thread, each at least
/// [`MIN_PIECE`]).
pub(super) fn split_points(src: &str) -> Vec<usize> {
    let pieces = (PIECES_PER_THREAD * rayon::current_num_threads()).min(src.len() / MIN_PIECE);
    let b = src.as_bytes();
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..pieces {
        let target = src.len() / pieces * k;
        let found = memchr::memchr_iter(b'\n', &b[target..])
            .map(|i| target + i + 1)
            .find(|&i| b.get(i).is_some_and(u8::is_ascii_alphabetic));
        if let Some(cut) = found.filter(|&c| cuts.last().is_none_or(|&last| c > last)) {
            cuts.push(cut);
        }
    }
    cuts
}

/// Reads `src` cut at `cuts` (increasing byte offsets at character boundaries); the result is
/// that of reading it whole. Returns it with the number of statement heads pest read.
pub(super) fn parse_in_pieces(
    file: FileId,
    src: &str,
    fast: bool,
    cuts: &[usize],
) -> (Parsed, usize) {
    use rayon::prelude::*;
    let starts: Vec<usize> = std::iter::once(0).chain(cuts.iter().copied()).collect();
    let stops: Vec<usize> = cuts
        .iter()
        .copied()
        .chain(std::iter::once(usize::MAX))
        .collect();
    let pieces: Vec<Piece> = starts
        .par_iter()
        .zip(stops.par_iter())
        .map(|(&start, &stop)| read_piece(file, src, fast, start, stop))
        .collect();
    let mut pieces = pieces.into_iter();
    let mut whole = match pieces.next() {
        Some(first) => first,
        None => read_piece(file, src, fast, 0, usize::MAX),
    };
    // Piece k + 1 starts at cut k and stops at stop k + 1.
    for ((&cut, &stop), next) in cuts.iter().zip(&stops[1..]).zip(pieces) {
        if whole.end == cut && whole.fresh() {
            whole.append(next);
        } else {
            continue_piece(file, src, fast, &mut whole, stop);
        }
    }
    let Piece {
        mut statements,
        diagnostics,
        pest_heads,
        ..
    } = whole;
    statements.shrink_to_fit();
    let parsed = Parsed {
        file: ast::File { file, statements },
        diagnostics,
    };
    (parsed, pest_heads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(src: &str, cuts: &[usize]) -> String {
        let (parsed, _) = parse_in_pieces(FileId(0), src, true, cuts);
        format!("{parsed:#?}")
    }

    fn line_starts(src: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1))
            .filter(|&i| i > 0 && i < src.len())
            .collect()
    }

    /// Cut at any one line start, or at every line start at once (inside blocks, text blocks
    /// and comments too), the pieces join into exactly the tree and diagnostics of one reading.
    #[test]
    fn any_cut_gives_the_reading_of_the_whole_file() {
        let sources = crate::test_support::smm_files(&[
            "examples",
            "tests/fixtures/check",
            "tests/fixtures/syntax",
        ]);
        assert!(sources.len() > 150, "the examples and both catalogues");
        for (path, src) in &sources {
            let whole = read(src, &[]);
            let starts = line_starts(src);
            for &cut in &starts {
                assert_eq!(read(src, &[cut]), whole, "{} cut at {cut}", path.display());
            }
            assert_eq!(
                read(src, &starts),
                whole,
                "{} cut at every line",
                path.display()
            );
        }
    }

    /// A run of stray list items is reported once: a piece that starts in the middle of the run
    /// must not stand, or the run would be reported twice.
    #[test]
    fn a_cut_inside_a_run_of_stray_items_is_read_over() {
        let src =
            "campaign \"x\" { start 2027-01-01 }\ninstagram,\nfacebook,\ntiktok,\nrole r {}\n";
        let whole = read(src, &[]);
        assert_eq!(whole.matches("code: \"E0").count(), 1, "{whole}");
        for cut in line_starts(src) {
            assert_eq!(read(src, &[cut]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn cuts_fall_on_lines_that_start_with_a_letter() {
        let line = "message m { text \"x\" }\n";
        let src = line.repeat(3 * MIN_PIECE / line.len());
        let cuts = split_points(&src);
        assert!(cuts.len() < PIECES_PER_THREAD * rayon::current_num_threads().max(1));
        for c in cuts {
            assert_eq!(src.as_bytes()[c - 1], b'\n');
            assert!(src.as_bytes()[c].is_ascii_alphabetic());
        }
        assert!(split_points("campaign \"x\" {}\n").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Edited examples (bytes deleted or inserted anywhere) cut at random line starts.
        #[test]
        fn edited_files_cut_anywhere_read_the_same(
            which in 0usize..3,
            at in any::<prop::sample::Index>(),
            len in 0usize..40,
            insert in prop::sample::select(vec!["", "{", "}", "\"", "\"\"\"", "/*", "*/", "\n", "[", "]", "#", ","]),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        ) {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
            let name = ["printemps-lumiere.smm", "b2b-linkedin.smm", "broken.smm"][which];
            let mut src = std::fs::read_to_string(root.join(name)).expect("an example");
            let mut start = at.index(src.len());
            while !src.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(src.len());
            while !src.is_char_boundary(end) { end -= 1; }
            src.replace_range(start..end.max(start), insert);
            let starts = line_starts(&src);
            let mut cuts: Vec<usize> = picks.iter().map(|p| starts[p.index(starts.len())]).collect();
            cuts.sort_unstable();
            cuts.dedup();
            prop_assert_eq!(read(&src, &cuts), read(&src, &[]));
        }
    }
}
