//! The files one conversion uses besides the manuscript (covers, figures), each read through
//! the [`Loader`] and decoded once, then shared by the EPUB renderer and the typesetter.

use crate::error::{Code, Error, Result};
use crate::loader::Loader;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// An image file as read and decoded.
pub struct Picture {
    /// The file's bytes (a JPEG goes into the PDF as it is).
    pub bytes: Arc<Vec<u8>>,
    /// Its format, told by its first bytes.
    pub format: image::ImageFormat,
    /// Its pixels (shared with the pages that show it, so the PDF writer need not decode
    /// the file again).
    pub image: Arc<image::DynamicImage>,
}

/// The loader of one conversion and what has been read through it.
pub struct Assets {
    loader: Arc<dyn Loader>,
    pictures: Mutex<HashMap<PathBuf, Arc<Picture>>>,
}

impl std::fmt::Debug for Assets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assets").finish_non_exhaustive()
    }
}

impl Assets {
    pub fn new(loader: Arc<dyn Loader>) -> Self {
        Assets {
            loader,
            pictures: Mutex::default(),
        }
    }

    /// The loader files are read through.
    pub fn loader(&self) -> &dyn Loader {
        &*self.loader
    }

    /// The image at `path`, read and decoded on first use. `what` ("cover image", "image")
    /// names it in errors, which name the file.
    pub fn picture(&self, path: &Path, what: &str) -> Result<Arc<Picture>> {
        if let Some(p) = self.lock().get(path) {
            return Ok(p.clone());
        }
        let max = crate::limits::MAX_IMAGE_FILE_BYTES;
        let bytes = self
            .loader
            .read_limited(path, max)
            .map_err(|e| crate::limits::io_error(path, what, max, &e))?;
        let invalid = || {
            Error::at_file(
                path,
                format!("{what} is not a PNG or JPEG file (or is damaged)"),
            )
            .code(Code::ImageInvalid)
        };
        let format = image::guess_format(&bytes).map_err(|_| invalid())?;
        if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
            return Err(invalid());
        }
        // Bounded: the declared size is checked first, the decoder given image::Limits.
        let image = crate::limits::decode_image(&bytes).map_err(|e| {
            Error::at_file(path, format!("cannot decode {what}: {e}")).code(e.code())
        })?;
        if image.width() == 0 || image.height() == 0 {
            return Err(Error::at_file(path, format!("{what} is empty (0 pixels)"))
                .code(Code::ImageInvalid));
        }
        let picture = Arc::new(Picture {
            bytes: Arc::new(bytes),
            format,
            image: Arc::new(image),
        });
        self.lock().insert(path.to_path_buf(), picture.clone());
        Ok(picture)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Picture>>> {
        // A panic elsewhere cannot leave the map half-updated: inserts are single calls.
        self.pictures.lock().unwrap_or_else(|e| e.into_inner())
    }
}
