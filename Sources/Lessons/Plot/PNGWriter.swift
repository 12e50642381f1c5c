import CPNG
import Foundation

extension Canvas {
    /// The canvas encoded as an 8-bit RGB PNG.
    ///
    /// Uses libpng's simplified API, which reports errors as a return value and message
    /// (the classic API reports them with `longjmp`, which Swift cannot catch). The file holds
    /// only the image and an sRGB chunk — no time stamp or other varying chunk — so the same
    /// canvas always gives the same bytes.
    public func pngData() throws -> Data {
        guard width > 0, height > 0 else {
            throw PlotError.cannotEncode(reason: "the image is empty (\(width)×\(height) pixels)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = png_uint_32(PNG_FORMAT_RGB)
        let rowStride = png_int_32(3 * width)
        // Compressing is the slow part, so encode straight into a buffer big enough for any
        // outcome (libpng's PNG_IMAGE_PNG_SIZE_MAX bound: the raw rows, zlib's worst-case growth,
        // the chunk headers). Should it still be short, libpng reports the size it needs.
        let raw = 3 * width * height + height
        var capacity = raw + (raw + 7) / 8 + (raw + 63) / 64 + 12 * (raw / 8192 + 1) + 1024
        for _ in 0..<2 {
            var size = capacity
            var data = Data(count: size)
            let written = data.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes {
                    png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, rowStride, nil)
                }
            }
            if written != 0 { return data.prefix(size) }
            guard size > capacity else { break }
            capacity = size
        }
        throw PlotError.cannotEncode(reason: Canvas.message(of: &image))
    }

    /// Writes the canvas as a PNG file, replacing any file already there.
    ///
    /// Throws ``PlotError/cannotWrite(path:reason:)`` when the folder is missing or not writable.
    public func writePNG(to url: URL) throws {
        let data = try pngData()
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            var isFolder: ObjCBool = false
            let folder = url.deletingLastPathComponent().path
            let reason = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
                ? systemReason(error) : "the folder \(folder) does not exist"
            throw PlotError.cannotWrite(path: url.path, reason: reason)
        }
    }

    /// libpng's error text, kept in a fixed-size C array inside the image struct.
    private static func message(of image: inout png_image) -> String {
        defer { png_image_free(&image) }
        return withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
