//! Measuring many catalog images: a few at a time, each failure kept with its image so the rest are
//! still measured and written.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::catalog::CatalogImage;
use super::client::Client;
use super::error::RegistryError;
use super::resolve::Measurement;
use crate::knowledge::ImageRef;

/// Images measured at once: registries answer in parallel, and a few connections are polite.
pub const PARALLEL: usize = 4;

/// Why one image was not measured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageFailure {
    #[error("{message}")]
    Reference { reference: String, message: String },
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// One image's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub image: CatalogImage,
    pub result: Result<Measurement, ImageFailure>,
}

/// Measures every image, `PARALLEL` at a time. `done` is called after each, on the calling thread
/// (a progress bar may draw to a stream the caller holds locked). Results come back in the order of
/// `images`.
pub fn measure_all(
    client: &Client,
    images: &[CatalogImage],
    done: &mut dyn FnMut(&Measured),
) -> Vec<Measured> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Measured>> = vec![None; images.len()];
    let workers = PARALLEL.min(images.len()).max(1);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(image) = images.get(i) else {
                        break;
                    };
                    let measured = Measured {
                        image: image.clone(),
                        result: measure_one(client, image),
                    };
                    if sender.send((i, measured)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (i, measured) in receiver {
            done(&measured);
            results[i] = Some(measured);
        }
    });
    results.into_iter().flatten().collect()
}

fn measure_one(client: &Client, image: &CatalogImage) -> Result<Measurement, ImageFailure> {
    let reference =
        ImageRef::parse(&image.reference).map_err(|message| ImageFailure::Reference {
            reference: image.reference.clone(),
            message,
        })?;
    Ok(client.measure(&reference)?)
}
