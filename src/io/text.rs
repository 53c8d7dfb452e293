//! Text into token ids the way Keras's `TextVectorization()` does with its defaults, from the
//! vocabulary its `get_vocabulary()` gives (one token a line: the padding "" at index 0, "[UNK]"
//! at index 1, then the words).
//!
//! Keras's default standardization `lower_and_strip_punctuation` runs `tf.strings.lower`, which
//! lower-cases ASCII letters only ("CAFÉ" becomes "cafÉ"), then deletes the ASCII punctuation
//! characters ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``; the default split then cuts on ASCII
//! whitespace (space, tab, line feed, vertical tab, form feed, carriage return). Words not in the
//! vocabulary become 1, "[UNK]".

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::error::{Error, Kind, Result, VocabularyMistake};

/// The id of the padding token.
pub const PAD: usize = 0;
/// The id of out-of-vocabulary words.
pub const UNK: usize = 1;

/// A TextVectorization vocabulary.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// The file it came from, for messages.
    pub file: String,
    words: Vec<String>,
    index: HashMap<String, usize>,
}

impl Vocabulary {
    /// Read a vocabulary file.
    pub fn read(path: &Path) -> Result<Vocabulary> {
        let text = super::file::read_text(path, super::file::Role::Vocabulary)?;
        Vocabulary::parse(&path.display().to_string(), &text)
    }

    /// Parse the text of a vocabulary file; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Vocabulary> {
        let mut lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        if lines.len() > 1 && lines.last() == Some(&"") {
            lines.pop();
        }
        let at = |line: usize, mistake: VocabularyMistake| Error::in_file(file, Kind::Vocabulary(mistake)).at(line, 1);
        for (index, token) in ["", "[UNK]"].into_iter().enumerate() {
            if lines.get(index) != Some(&token) {
                let found = lines.get(index).unwrap_or(&"").to_string();
                return Err(at(index + 1, VocabularyMistake::Reserved { index, found }));
            }
        }
        let mut index = HashMap::with_capacity(lines.len());
        for (id, word) in lines.iter().enumerate().skip(2) {
            if word.is_empty() {
                return Err(at(id + 1, VocabularyMistake::EmptyWord));
            }
            if let Some(first) = index.insert(word.to_string(), id) {
                let mistake = VocabularyMistake::Repeated {
                    word: word.to_string(),
                    first: first + 1,
                };
                return Err(at(id + 1, mistake));
            }
        }
        Ok(Vocabulary {
            file: file.to_string(),
            words: lines.iter().map(|w| w.to_string()).collect(),
            index,
        })
    }

    /// How many tokens, padding and [UNK] included.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Never true: a vocabulary holds at least the padding and [UNK].
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The token ids of a text, as TextVectorization gives them.
    pub fn encode(&self, text: &str) -> Vec<usize> {
        split(&standardize(text))
            .map(|w| self.index.get(w).copied().unwrap_or(UNK))
            .collect()
    }

    /// Id → word for every token, for showing words on screen; the padding, "" in the file,
    /// shows as `<pad>` (as the built-in lessons name it).
    pub fn words(&self) -> BTreeMap<usize, String> {
        let mut words: BTreeMap<usize, String> = self.words.iter().cloned().enumerate().collect();
        words.insert(PAD, "<pad>".to_string());
        words
    }
}

/// `lower_and_strip_punctuation`: ASCII lower case, ASCII punctuation removed.
pub fn standardize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_ascii_punctuation())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The default split: on ASCII whitespace, empty pieces dropped.
pub fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split([' ', '\t', '\n', '\x0B', '\x0C', '\r'])
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_word_is_a_vocabulary_mistake_at_its_line() {
        let e = Vocabulary::parse("v.txt", "\n[UNK]\na\nb\na\n").unwrap_err();
        let repeated = VocabularyMistake::Repeated {
            word: "a".into(),
            first: 3,
        };
        assert_eq!(*e.kind, Kind::Vocabulary(repeated));
        assert_eq!((e.file.as_deref(), e.position), (Some("v.txt"), Some((5, 1))));
    }

    #[test]
    fn standardizes_like_tf_strings_lower() {
        assert_eq!(standardize("Don't WATCH, it!"), "dont watch it");
        assert_eq!(standardize("CAFÉ"), "cafÉ");
        assert_eq!(split("a\x0Bb\u{a0}c  d").collect::<Vec<_>>(), ["a", "b\u{a0}c", "d"]);
    }

    #[test]
    fn refuses_a_vocabulary_without_padding_and_unk() {
        let e = Vocabulary::parse("v.txt", "the\nwas\n").unwrap_err();
        assert_eq!(e.position, Some((1, 1)));
        assert!(e.message().contains("first line must be empty"), "{e}");
        let e = Vocabulary::parse("v.txt", "\nthe\n").unwrap_err();
        assert_eq!(e.position, Some((2, 1)));
        let e = Vocabulary::parse("v.txt", "\n[UNK]\nthe\nwas\nthe\n").unwrap_err();
        assert_eq!(e.to_string(), "v.txt:5:1: \"the\" is already on line 3");
        let v = Vocabulary::parse("v.txt", "\r\n[UNK]\r\nthe\r\n").unwrap();
        assert_eq!(v.encode("The end"), [2, 1]);
    }
}
