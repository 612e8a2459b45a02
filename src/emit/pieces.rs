//! Files written in pieces: how a large file is cut into tasks on rayon's pool and into
//! pieces of output ([`Cut`], [`Pieces`]), and where the pieces go, in order ([`Sink`]): memory,
//! or the file being written.

use super::Contents;

/// How a file written in parallel is cut: `items` per task on rayon's pool, and a new piece
/// of output whenever one reaches about `bytes`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cut {
    /// Items (events, rows, posts) written by one task.
    pub items: usize,
    /// The size a piece of output is allowed to grow to before the next one starts (an item
    /// is never split, so a piece may be larger by one item).
    pub bytes: usize,
}

impl Cut {
    /// What `smm build` uses: tasks of 2 048 items (a 10 MB plan's calendar makes about 100 of
    /// them, enough to keep every core busy to the end) and pieces of 1 MiB (allocated once,
    /// never grown, so no byte is copied twice).
    pub(crate) const BUILD: Cut = Cut {
        items: 2048,
        bytes: 1 << 20,
    };

    /// The room a new piece is given: its size, up to the [`Cut::BUILD`] size (a piece meant
    /// to be larger grows), and a sixteenth more for the item that takes it past its size.
    /// Without that slack, the last item of nearly every piece grew it: a copy of the whole
    /// piece into twice the memory, most of it never written but touched all the same (the
    /// kernel hands out huge pages whole).
    pub(crate) fn room(self) -> usize {
        let size = self.bytes.min(Cut::BUILD.bytes);
        size + size / 16
    }
}

/// A piece of output being written: a `String` with room for its size, and the full
/// pieces before it. Writers write into it as into a `String` (it dereferences to the current
/// piece) and call [`Pieces::item_done`] after each item.
pub(crate) struct Pieces {
    done: Vec<Vec<u8>>,
    out: String,
    cut: Cut,
}

impl Pieces {
    /// Empty, cut as `cut` says.
    pub(crate) fn new(cut: Cut) -> Pieces {
        Pieces {
            done: Vec::new(),
            out: String::with_capacity(cut.room()),
            cut,
        }
    }

    /// Ends the current piece when it has reached its size.
    pub(crate) fn item_done(&mut self) {
        if self.out.len() >= self.cut.bytes {
            let next = String::with_capacity(self.cut.room());
            self.done
                .push(std::mem::replace(&mut self.out, next).into_bytes());
        }
    }

    /// Every piece, in order.
    pub(crate) fn finish(mut self) -> Vec<Vec<u8>> {
        self.done.push(self.out.into_bytes());
        self.done
    }
}

impl std::ops::Deref for Pieces {
    type Target = String;
    fn deref(&self) -> &String {
        &self.out
    }
}

impl std::ops::DerefMut for Pieces {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.out
    }
}

/// Where the bytes of one output file go, piece after piece, in order: memory (a
/// `Vec<Vec<u8>>`), or a file being written ([`crate::output::Pending`]).
pub trait Sink: Send {
    /// Takes the next piece.
    fn put(&mut self, piece: Vec<u8>);

    /// Forgets every piece put so far: the file starts again, empty. (`plan.json` does this if
    /// an element fails after the first pieces were put, to write the whole plan in one go.)
    fn restart(&mut self);
}

impl Sink for Vec<Vec<u8>> {
    fn put(&mut self, piece: Vec<u8>) {
        if !piece.is_empty() {
            self.push(piece);
        }
    }

    fn restart(&mut self) {
        self.clear();
    }
}

/// What `write` puts into a sink, kept in memory.
pub(crate) fn collect(write: impl FnOnce(&mut dyn Sink)) -> Contents {
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    write(&mut pieces);
    Contents::from_pieces(pieces)
}

/// Writes `items` in tasks of `cut.items` on rayon's pool, each task with `write` (which
/// returns its [`Pieces::finish`]), and puts the pieces into `sink` in the order of the items.
///
/// The tasks run in rounds of a few per thread, and each round's pieces go to the sink before
/// the next round starts: a file being written is never whole in memory (the memory of a
/// round's pieces is reused by the next), and its first bytes are on their way to the disk
/// while the rest is being written.
pub(crate) fn in_parallel<T: Sync>(
    items: &[T],
    cut: Cut,
    write: impl Fn(&[T]) -> Vec<Vec<u8>> + Sync,
    sink: &mut dyn Sink,
) {
    use rayon::prelude::*;
    let per_task = cut.items.max(1);
    let round = per_task.saturating_mul(4 * rayon::current_num_threads());
    for items in items.chunks(round) {
        let pieces: Vec<Vec<u8>> = items.par_chunks(per_task).flat_map_iter(&write).collect();
        for piece in pieces {
            sink.put(piece);
        }
    }
}

/// Text written by [`in_parallel`] (or any pieces) as one `String`, for the functions that
/// return a whole file as text.
pub(crate) fn text(contents: Contents) -> String {
    String::from_utf8(contents.to_vec()).unwrap_or_default()
}
