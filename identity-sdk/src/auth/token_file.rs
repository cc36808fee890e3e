//! A token kept in a file that something else (a sidecar, a CI step)
//! rewrites when it renews the token.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::token::{AccessToken, TokenFuture, TokenSource};
use crate::error::Error;
use crate::sync::lock;

/// Reads the token from a file, and reads it again whenever the file's
/// modification time or size changes (`FBN_ACCESS_TOKEN_FILE`).
#[derive(Debug)]
pub struct TokenFile {
    path: PathBuf,
    cached: Mutex<Cached>,
}

#[derive(Debug)]
struct Cached {
    stamp: Stamp,
    token: AccessToken,
}

/// What tells us the file changed without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl TokenFile {
    /// Reads the token from `path` now, so that a missing, empty or invalid
    /// file is a configuration error when the client is built.
    pub fn new(path: impl Into<PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let cached = read(&path).map_err(|error| {
            Error::configuration(format!(
                "FBN_ACCESS_TOKEN_FILE ({}): {error}",
                path.display()
            ))
        })?;
        Ok(TokenFile {
            path,
            cached: Mutex::new(cached),
        })
    }

    /// The file the token is read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn current(&self) -> Result<AccessToken, Error> {
        let stamp = stamp(&self.path).map_err(|error| self.error(error))?;
        let mut cached = lock(&self.cached);
        if cached.stamp != stamp {
            *cached = read(&self.path).map_err(|error| self.error(error))?;
        }
        Ok(cached.token.clone())
    }

    fn error(&self, error: Error) -> Error {
        Error::authentication(format!("token file {}: {error}", self.path.display()))
    }
}

impl TokenSource for TokenFile {
    fn token(&self) -> TokenFuture<'_> {
        // A stat and, rarely, a read of a small file: not worth a blocking
        // thread hop on every request.
        let token = self.current();
        Box::pin(async move { Ok(token?) })
    }
}

fn stamp(path: &Path) -> Result<Stamp, Error> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| Error::configuration(format!("cannot read the file: {error}")))?;
    Ok(Stamp {
        modified: metadata.modified().ok(),
        len: metadata.len(),
    })
}

fn read(path: &Path) -> Result<Cached, Error> {
    let stamp = stamp(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|error| Error::configuration(format!("cannot read the file: {error}")))?;
    let token = AccessToken::new(text)?;
    Ok(Cached { stamp, token })
}
