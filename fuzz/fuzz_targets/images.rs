//! Image decoding (covers and figures) on any bytes: bounded by inkbind's limits, never a
//! panic, never a decompression bomb.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dims = inkbind::limits::image_dimensions(data);
    if let Ok(img) = inkbind::limits::decode_image(data) {
        // What was decoded is what the header declared, and within the limits.
        assert_eq!(dims.ok(), Some((img.width(), img.height())));
        assert!(inkbind::limits::check_image_size(img.width(), img.height()).is_ok());
    }
});
