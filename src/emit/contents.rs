//! [`Contents`]: the bytes of one output file, kept in the pieces they were written in.
//!
//! The large files (`calendar.*`, `plan.json`) are written in pieces on several threads. Gluing
//! the pieces into one buffer would copy every byte once more and touch as much fresh memory
//! again (for a 10 MB plan, 300 MB of output: measured as a fifth of the build's time, most of
//! it the kernel zeroing new pages). So a file stays a list of pieces, and the pieces are
//! written to disk one after the other.

use std::io::{self, Write};

/// The bytes of an output file: pieces, in order. Two contents are equal when their bytes are,
/// however they are cut.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    pieces: Vec<Vec<u8>>,
    len: usize,
}

impl Contents {
    /// Contents made of `pieces`, in order (empty pieces are dropped).
    pub fn from_pieces(pieces: impl IntoIterator<Item = Vec<u8>>) -> Contents {
        let pieces: Vec<Vec<u8>> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        let len = pieces.iter().map(Vec::len).sum();
        Contents { pieces, len }
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The pieces, in order.
    pub fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        self.pieces.iter().map(Vec::as_slice)
    }

    /// The pieces, in order, taken out.
    pub fn into_pieces(self) -> Vec<Vec<u8>> {
        self.pieces
    }

    /// Every byte, in one buffer (a copy).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut all = Vec::with_capacity(self.len);
        for p in &self.pieces {
            all.extend_from_slice(p);
        }
        all
    }

    /// Writes every byte to `w`, piece after piece.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        self.pieces.iter().try_for_each(|p| w.write_all(p))
    }
}

impl From<Vec<u8>> for Contents {
    fn from(bytes: Vec<u8>) -> Contents {
        Contents::from_pieces([bytes])
    }
}

impl From<String> for Contents {
    fn from(text: String) -> Contents {
        Contents::from(text.into_bytes())
    }
}

impl PartialEq for Contents {
    fn eq(&self, other: &Contents) -> bool {
        self.len == other.len && self.pieces().flatten().eq(other.pieces().flatten())
    }
}

impl Eq for Contents {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_their_bytes_however_they_are_cut() {
        let whole = Contents::from("calendar".to_string());
        let cut = Contents::from_pieces([b"cal".to_vec(), Vec::new(), b"endar".to_vec()]);
        assert_eq!(whole, cut);
        assert_eq!(cut.len(), 8);
        assert_eq!(cut.pieces().count(), 2, "empty pieces are dropped");
        assert_eq!(cut.to_vec(), b"calendar");
        let mut written = Vec::new();
        cut.write_to(&mut written).unwrap();
        assert_eq!(written, b"calendar");
        assert_ne!(cut, Contents::from(b"calendars".to_vec()));
        assert_ne!(cut, Contents::from(b"calendaR".to_vec()));
        assert!(Contents::default().is_empty());
    }
}
