//! Zip archives (.npz, .keras) read with every member's size bounded, so a zip bomb is refused
//! instead of filling memory. An archive on disk is read where it lies, one member at a time:
//! only the members asked for are ever held.

use std::io::{BufReader, Cursor, Read, Seek};

use zip::{CompressionMethod, ZipArchive};

use super::file::Opened;
use super::npy::MAX_BYTES;
use crate::error::{Error, Kind, Result};

/// Where an archive's bytes are: in memory or in a file.
trait Source: Read + Seek {}
impl<T: Read + Seek> Source for T {}

/// An open zip archive.
pub struct Archive {
    file: String,
    zip: ZipArchive<Box<dyn Source>>,
    /// The archive's file, when it is read from disk.
    disk: Option<std::fs::File>,
}

/// Where a member stored without compression lies in the archive's file on disk.
pub struct InPlace {
    pub file: std::fs::File,
    /// Where its data starts in the file.
    pub start: u64,
    pub len: u64,
}

impl Archive {
    /// Open the bytes of a zip file; `file` names it in messages.
    pub fn new(file: &str, bytes: Vec<u8>) -> Result<Self> {
        Archive::from_source(file, Box::new(Cursor::new(bytes)), None)
    }

    /// Open a zip file on disk without reading it whole.
    pub fn open(file: &str, opened: Opened) -> Result<Self> {
        let disk = opened.file.try_clone().ok();
        Archive::from_source(file, Box::new(BufReader::new(opened.file)), disk)
    }

    fn from_source(file: &str, source: Box<dyn Source>, disk: Option<std::fs::File>) -> Result<Self> {
        let zip = ZipArchive::new(source).map_err(|e| {
            Error::new(Kind::Unreadable {
                format: "zip archive",
                detail: e.to_string(),
            })
            .with_file(file)
        })?;
        Ok(Archive {
            file: file.to_string(),
            zip,
            disk,
        })
    }

    /// Where a member stored without compression (as Keras stores model.weights.h5) lies in the
    /// archive's file on disk, for a reader that takes its parts as it needs them: the member is
    /// read through once first, held nowhere, so that its size is checked against `limit` as
    /// [`Archive::read_limited`] checks it, and its CRC. `None` for an archive in memory or a
    /// compressed member.
    pub fn in_place(&mut self, name: &str, limit: u64) -> Result<Option<InPlace>> {
        let Some(disk) = &self.disk else {
            return Ok(None);
        };
        let file = self.file.clone();
        let damaged = |e: std::io::Error| {
            Error::new(Kind::Damaged {
                member: Some(name.to_string()),
                detail: e.to_string(),
            })
            .with_file(&file)
        };
        let disk = disk.try_clone().map_err(damaged)?;
        self.read_with(name, limit, |member, declared, stored_at| {
            let Some(start) = stored_at else {
                return Ok(None);
            };
            let read = std::io::copy(member, &mut std::io::sink()).map_err(damaged)?;
            if read != declared {
                return Err(damaged(std::io::Error::other(format!(
                    "it holds {read} bytes where its header says {declared}"
                ))));
            }
            Ok(Some(InPlace {
                file: disk,
                start,
                len: declared,
            }))
        })
    }

    /// The member names, in archive order.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().map(str::to_string).collect()
    }

    /// Whether the archive holds a member of that name.
    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The whole content of one member, refusing members that unpack to more than `limit` bytes
    /// whatever their header claims: at most `limit` bytes are ever held.
    pub fn read_limited(&mut self, name: &str, limit: u64) -> Result<Vec<u8>> {
        let file = self.file.clone();
        self.read_with(name, limit, |member, declared, _| {
            // The header's size may lie: reserve at most 16 MiB up front and grow with what arrives.
            let mut out = Vec::with_capacity(declared.min(16 << 20) as usize);
            member.read_to_end(&mut out).map_err(|e| {
                Error::new(Kind::Damaged {
                    member: Some(name.to_string()),
                    detail: e.to_string(),
                })
                .with_file(&file)
            })?;
            if out.len() as u64 > limit.min(MAX_BYTES) {
                return Err(Error::new(Kind::ZipBomb {
                    member: name.to_string(),
                    declared,
                    most: limit.min(MAX_BYTES),
                })
                .with_file(&file));
            }
            Ok(out)
        })
    }

    /// Read one member with `read`, which gets the member's stream, the size its header
    /// declares and, for a member stored without compression, where its data starts. Members declared larger than `limit` (at most [`MAX_BYTES`]) are refused first,
    /// and the stream ends after `limit` + 1 bytes whatever the header says, so that `read` can
    /// tell a member that unpacks to more.
    pub fn read_with<T>(
        &mut self,
        name: &str,
        limit: u64,
        read: impl FnOnce(&mut dyn Read, u64, Option<u64>) -> Result<T>,
    ) -> Result<T> {
        let limit = limit.min(MAX_BYTES);
        let file = self.file.clone();
        let mut member = self.zip.by_name(name).map_err(|e| {
            Error::new(Kind::MemberUnreadable {
                member: name.to_string(),
                detail: e.to_string(),
            })
            .with_file(&file)
        })?;
        let declared = member.size();
        if declared > limit {
            return Err(Error::new(Kind::MemberTooLarge {
                member: name.to_string(),
                declared,
                most: limit,
            })
            .with_file(&file));
        }
        let stored_at = (member.compression() == CompressionMethod::Stored).then(|| member.data_start());
        read(&mut (&mut member).take(limit + 1), declared, stored_at)
    }
}
