//! Images: PNG (decoded, written as Flate-compressed pixels + SMask by printpdf) and JPEG
//! (validated by decoding, then embedded unchanged as a DCTDecode stream).

use std::collections::BTreeMap;

use printpdf::{
    DictItem, ExternalStream, ExternalXObject, Px, RawImage, RawImageData, RawImageFormat, XObject,
};

/// Turns encoded image bytes into a printpdf XObject. `pixels`, when given, are `data`
/// already decoded (the typesetter's figures): they are used instead of decoding it again.
/// Errors are human-readable reasons.
pub(crate) fn to_xobject(
    data: &[u8],
    pixels: Option<&image::DynamicImage>,
) -> Result<XObject, String> {
    let format = image::guess_format(data).map_err(|e| format!("unrecognised image data: {e}"))?;
    // Decoded here unless given: a truncated or corrupt file must be an error here, not a
    // broken page later.
    let decoded = |what: &str| -> Result<std::borrow::Cow<image::DynamicImage>, String> {
        match pixels {
            Some(p) => Ok(std::borrow::Cow::Borrowed(p)),
            None => crate::limits::decode_image(data)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| format!("cannot decode {what}: {e}")),
        }
    };
    match format {
        image::ImageFormat::Jpeg => jpeg(data, decoded("JPEG")?),
        image::ImageFormat::Png => Ok(XObject::Image(raw_image(decoded("PNG")?.into_owned()))),
        other => Err(format!(
            "unsupported image format {other:?} (only PNG and JPEG)"
        )),
    }
}

/// Is a JPEG whole: image data (a start-of-scan marker) and the end-of-image marker after it?
/// The decoder fills in what is missing, so a file without them decodes to made-up pixels.
pub(crate) fn jpeg_complete(data: &[u8]) -> Result<(), String> {
    // (0xFF is byte-stuffed in scan data, so FF D9 there is always a marker)
    let scan = find_marker(data, 0xDA).ok_or("JPEG has no image data (no SOS marker)")?;
    if !data[scan..].windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err("truncated JPEG (no end-of-image marker)".into());
    }
    Ok(())
}

/// `img`: the JPEG decoded in full; used only when it cannot go into the PDF as it is.
fn jpeg(data: &[u8], img: std::borrow::Cow<image::DynamicImage>) -> Result<XObject, String> {
    // The decoder fills in missing scan data of a truncated file; the end-of-image marker after
    // the first scan says the file is complete (0xFF is byte-stuffed in scan data, so FF D9
    // there is always a marker).
    jpeg_complete(data)?;
    match jpeg_header(data) {
        // 8-bit grey or 3-component (YCbCr/RGB) JPEGs go into the PDF as they are.
        Some(h)
            if h.precision == 8
                && (h.components == 1 || h.components == 3)
                && h.width > 0
                && h.height > 0 =>
        {
            let colorspace: &[u8] = if h.components == 1 {
                b"DeviceGray"
            } else {
                b"DeviceRGB"
            };
            let mut dict = BTreeMap::new();
            dict.insert("Type".to_string(), DictItem::Name(b"XObject".to_vec()));
            dict.insert("Subtype".to_string(), DictItem::Name(b"Image".to_vec()));
            dict.insert("Width".to_string(), DictItem::Int(h.width as i64));
            dict.insert("Height".to_string(), DictItem::Int(h.height as i64));
            dict.insert(
                "ColorSpace".to_string(),
                DictItem::Name(colorspace.to_vec()),
            );
            dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            dict.insert("Filter".to_string(), DictItem::Name(b"DCTDecode".to_vec()));
            Ok(XObject::External(ExternalXObject {
                stream: ExternalStream {
                    dict,
                    content: data.to_vec(),
                    compress: false,
                },
                width: Some(Px(h.width as usize)),
                height: Some(Px(h.height as usize)),
                dpi: None,
            }))
        }
        // CMYK/YCCK (Adobe inversion conventions) and 12-bit JPEGs: re-encode losslessly.
        _ => Ok(XObject::Image(raw_image(img.into_owned()))),
    }
}

/// 8-bit pixels in a format printpdf's raw-image writer understands; alpha is dropped when
/// every pixel is opaque (saves an SMask).
fn raw_image(img: image::DynamicImage) -> RawImage {
    let (width, height) = (img.width() as usize, img.height() as usize);
    let grey = !img.color().has_color();
    let alpha = img.color().has_alpha() && {
        let rgba = img.to_rgba8();
        rgba.pixels().any(|p| p.0[3] != 255)
    };
    let (pixels, data_format) = match (grey, alpha) {
        (true, false) => (img.into_luma8().into_raw(), RawImageFormat::R8),
        (true, true) => (img.into_luma_alpha8().into_raw(), RawImageFormat::RG8),
        (false, false) => (img.into_rgb8().into_raw(), RawImageFormat::RGB8),
        (false, true) => (img.into_rgba8().into_raw(), RawImageFormat::RGBA8),
    };
    RawImage {
        pixels: RawImageData::U8(pixels),
        width,
        height,
        data_format,
        tag: Vec::new(),
    }
}

struct JpegHeader {
    precision: u8,
    height: u16,
    width: u16,
    components: u8,
}

/// Walks the marker segments up to the first scan (SOS), calling `f(marker, end, segment)`
/// for each (`end` = offset just past the segment) until it returns Some.
fn walk_markers<T>(data: &[u8], mut f: impl FnMut(u8, usize, &[u8]) -> Option<T>) -> Option<T> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    loop {
        while *data.get(i)? == 0xFF && *data.get(i + 1)? == 0xFF {
            i += 1; // fill bytes
        }
        if *data.get(i)? != 0xFF {
            return None;
        }
        let marker = *data.get(i + 1)?;
        i += 2;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue; // standalone markers
        }
        let len = u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?]) as usize;
        if len < 2 {
            return None;
        }
        let seg = data.get(i + 2..i + len)?;
        if let Some(t) = f(marker, i + len, seg) {
            return Some(t);
        }
        if marker == 0xDA {
            return None;
        }
        i += len;
    }
}

/// Offset just past the header of the first `marker` segment.
fn find_marker(data: &[u8], marker: u8) -> Option<usize> {
    walk_markers(data, |m, end, _| (m == marker).then_some(end))
}

/// Reads the first SOFn marker of a JPEG stream.
fn jpeg_header(data: &[u8]) -> Option<JpegHeader> {
    walk_markers(data, |marker, _, seg| {
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if !is_sof || seg.len() < 6 {
            return None;
        }
        Some(JpegHeader {
            precision: seg[0],
            height: u16::from_be_bytes([seg[1], seg[2]]),
            width: u16::from_be_bytes([seg[3], seg[4]]),
            components: seg[5],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32, grey: bool) -> Vec<u8> {
        let img = if grey {
            image::DynamicImage::ImageLuma8(image::GrayImage::from_fn(w, h, |x, _| {
                image::Luma([x as u8])
            }))
        } else {
            image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([x as u8, y as u8, 7])
            }))
        };
        let mut out = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        out
    }

    #[test]
    fn jpeg_header_and_passthrough() {
        let rgb = jpeg(33, 17, false);
        let h = jpeg_header(&rgb).unwrap();
        assert_eq!(
            (h.precision, h.width, h.height, h.components),
            (8, 33, 17, 3)
        );
        match to_xobject(&rgb, None).unwrap() {
            XObject::External(x) => {
                assert_eq!(x.stream.content, rgb);
                assert_eq!(
                    x.stream.dict["ColorSpace"],
                    DictItem::Name(b"DeviceRGB".to_vec())
                );
                assert_eq!(
                    x.stream.dict["Filter"],
                    DictItem::Name(b"DCTDecode".to_vec())
                );
            }
            _ => panic!("JPEG not passed through"),
        }
        let grey = jpeg(5, 9, true);
        assert_eq!(jpeg_header(&grey).unwrap().components, 1);
        assert!(
            to_xobject(&grey[..grey.len() - 2], None).is_err(),
            "no EOI accepted"
        );
        assert!(to_xobject(&[0xFF, 0xD8, 0xFF], None).is_err());
        assert!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00]).is_none());
    }

    #[test]
    fn png_alpha_is_kept_only_when_used() {
        let encode = |img: image::DynamicImage| {
            let mut out = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                .unwrap();
            out
        };
        let opaque = encode(image::DynamicImage::ImageRgba8(
            image::RgbaImage::from_pixel(4, 4, image::Rgba([1, 2, 3, 255])),
        ));
        let clear = encode(image::DynamicImage::ImageRgba8(
            image::RgbaImage::from_pixel(4, 4, image::Rgba([1, 2, 3, 9])),
        ));
        let grey16 = encode(image::DynamicImage::ImageLuma16(
            image::ImageBuffer::from_pixel(3, 2, image::Luma([40000u16])),
        ));
        let format = |b: &[u8]| match to_xobject(b, None).unwrap() {
            XObject::Image(i) => i.data_format,
            _ => panic!(),
        };
        assert_eq!(format(&opaque), RawImageFormat::RGB8);
        assert_eq!(format(&clear), RawImageFormat::RGBA8);
        assert_eq!(format(&grey16), RawImageFormat::R8);
        assert!(to_xobject(b"GIF89a....", None).is_err());
    }
}
