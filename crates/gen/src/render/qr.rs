//! An article's QR code as a compact inline SVG, so a reader can open the page on a phone
//! from a printout or a screen. One per article: made fast (a fixed mask, one path).

/// The QR code modules of `data` (row-major, `true` = dark) and the width.
fn qr_modules(data: &[u8]) -> Option<(Vec<bool>, usize)> {
    // A fixed mask pattern (valid for any reader) instead of scoring all eight: this is
    // most of the cost of a QR code, and there is one per article.
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec).ok()?;
    let version = bits.version();
    let (data, ecc) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    let colors = canvas.into_colors();
    Some((
        colors
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
        version.width() as usize,
    ))
}

/// The QR code of a URL as a compact inline SVG: one path that strokes each row's runs of
/// dark modules as lines one module thick (`M4 7.5h3m2 0h1…`).
pub fn qr_svg(url: &str) -> String {
    let Some((colors, w)) = qr_modules(url.as_bytes()) else {
        return String::new();
    };
    let q = 4; // quiet zone
    let size = w + 2 * q;
    let mut d = String::with_capacity(w * w / 2);
    let mut n = itoa::Buffer::new();
    for (y, row) in colors.chunks(w).enumerate() {
        // Where the pen stands after the row's last run, if any.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < w {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < w && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    d.push('M');
                    d.push_str(n.format(start + q));
                    d.push(' ');
                    d.push_str(n.format(y + q));
                    d.push_str(".5");
                }
                Some(p) => {
                    d.push('m');
                    d.push_str(n.format(start - p));
                    d.push_str(" 0");
                }
            }
            d.push('h');
            d.push_str(n.format(x - start));
            pen = Some(x);
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"132\" height=\"132\" role=\"img\" aria-label=\"本页网址的二维码\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"{d}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the SVG draws: its path read back, line by line.
    fn svg_modules(svg: &str) -> (Vec<bool>, usize) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut grid = vec![false; size * size];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        let number = |r: &mut &str| -> f64 {
            let end = r
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(r.len());
            let v = r[..end].parse().unwrap();
            *r = r[end..].trim_start_matches(' ');
            v
        };
        while let Some(c) = rest.chars().next() {
            rest = &rest[1..];
            match c {
                'M' => {
                    x = number(&mut rest) as usize;
                    let fy = number(&mut rest);
                    assert_eq!(fy.fract(), 0.5, "a line runs through the middle of a row");
                    y = fy as usize;
                }
                'm' => {
                    x += number(&mut rest) as usize;
                    assert_eq!(number(&mut rest), 0.0);
                }
                'h' => {
                    let len = number(&mut rest) as usize;
                    for k in x..x + len {
                        assert!(!grid[y * size + k], "a module drawn twice");
                        grid[y * size + k] = true;
                    }
                    x += len;
                }
                other => panic!("unexpected path command {other}"),
            }
        }
        (grid, size)
    }

    #[test]
    fn qr_svg_draws_exactly_the_dark_modules_and_decodes_to_the_url() {
        let url = "https://example.org/guide/loan/%E8%BF%98%E6%AC%BE%E5%8D%8F%E5%95%86/";
        let svg = qr_svg(url);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("stroke=\"#000\"") && svg.contains("shape-rendering=\"crispEdges\""));
        let (m, w) = qr_modules(url.as_bytes()).unwrap();
        let (grid, size) = svg_modules(&svg);
        assert_eq!(size, w + 8);
        for y in 0..size {
            for x in 0..size {
                let inside = (4..w + 4).contains(&x) && (4..w + 4).contains(&y);
                let dark = inside && m[(y - 4) * w + (x - 4)];
                assert_eq!(grid[y * size + x], dark, "module ({x}, {y})");
            }
        }
        let scale = 4;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
                if grid[(y / scale) * size + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }
}
