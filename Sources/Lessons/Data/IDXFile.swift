import Foundation

/// An array of unsigned bytes in the IDX format, the container of the MNIST files (LeCun et al.):
///
/// ```
/// bytes 0–1   0x00 0x00
/// byte  2     element type: 0x08 = unsigned byte (the only type these data sets use)
/// byte  3     number of dimensions d
/// then        d sizes, each a 32-bit big-endian integer, outermost first
/// then        the elements in row-major order, one byte each
/// ```
///
/// So an image file starts `00 00 08 03` (magic 0x00000803: N × rows × columns) and a label file
/// `00 00 08 01` (magic 0x00000801: N). The shipped digits use the same format, so one reader
/// serves both them and real MNIST files.
///
/// ```swift
/// let labels = try IDXFile(contentsOf: url, dimensions: 1, restoreHint: "…")
/// labels.shape   // [1797]
/// ```
public struct IDXFile: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order.
    public var bytes: [UInt8]

    /// The IDX type code of unsigned bytes.
    public static let unsignedByte: UInt8 = 0x08

    /// The 32-bit magic number of an unsigned-byte file with `dimensions` dimensions.
    public static func magic(dimensions: Int) -> UInt32 { 0x0800 | UInt32(dimensions) }

    /// Reads and checks an unsigned-byte IDX file with the given number of dimensions.
    ///
    /// - Parameter restoreHint: how to get a good copy back, appended to every error message.
    /// - Throws: ``DataFileError`` naming the file and saying what was expected when the file is
    ///   missing, shorter or longer than its header says, or has another magic number.
    public init(contentsOf url: URL, dimensions: Int, restoreHint: String) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataFileError(path: path, problem: "is missing", expected: Self.expectation(dimensions),
                                restoreHint: restoreHint)
        }
        guard let data = try? Data(contentsOf: url) else {
            throw DataFileError(path: path, problem: "cannot be read", expected: Self.expectation(dimensions),
                                restoreHint: restoreHint)
        }
        let bytes = [UInt8](data)
        func fail(_ problem: String) -> DataFileError {
            DataFileError(path: path, problem: problem, expected: Self.expectation(dimensions), restoreHint: restoreHint)
        }
        guard bytes.count >= 4 else { throw fail("is only \(bytes.count) bytes long") }
        guard bytes[0] != 0x1F || bytes[1] != 0x8B else {
            throw fail("is gzip-compressed; un-compress it first (gunzip \(url.lastPathComponent))")
        }
        let magic = Self.bigEndian(bytes, at: 0)
        guard magic == Self.magic(dimensions: dimensions) else {
            throw fail("starts with the magic number \(Self.hex(magic))")
        }
        let headerSize = 4 + 4 * dimensions
        guard bytes.count >= headerSize else {
            throw fail("is truncated: \(bytes.count) bytes, shorter than its \(headerSize)-byte header")
        }
        let shape = (0..<dimensions).map { Int(Self.bigEndian(bytes, at: 4 + 4 * $0)) }
        let (count, overflow) = shape.reduce((1, false)) { acc, n in
            let (product, o) = acc.0.multipliedReportingOverflow(by: n)
            return (product, acc.1 || o)
        }
        guard !overflow else { throw fail("has an impossible header shape \(shape)") }
        let expectedSize = headerSize + count
        guard bytes.count == expectedSize else {
            let shapeText = shape.map(String.init).joined(separator: " × ")
            let what = bytes.count < expectedSize ? "is truncated" : "has trailing bytes"
            throw fail("\(what): its header announces \(shapeText) elements, so \(expectedSize) bytes, "
                       + "but the file has \(bytes.count)")
        }
        self.shape = shape
        self.bytes = Array(bytes[headerSize...])
    }

    /// The file's bytes: header then elements. Tests and tools write small IDX files with it.
    public func encoded() -> Data {
        var out = [UInt8]()
        func put(_ x: UInt32) { out += [UInt8(x >> 24), UInt8((x >> 16) & 0xFF), UInt8((x >> 8) & 0xFF), UInt8(x & 0xFF)] }
        put(Self.magic(dimensions: shape.count))
        for n in shape { put(UInt32(n)) }
        return Data(out + bytes)
    }

    public init(shape: [Int], bytes: [UInt8]) {
        precondition(shape.reduce(1, *) == bytes.count, "IDX shape \(shape) needs \(shape.reduce(1, *)) bytes")
        self.shape = shape
        self.bytes = bytes
    }

    private static func bigEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    private static func hex(_ x: UInt32) -> String { "0x" + String(format: "%08X", x) }

    private static func expectation(_ dimensions: Int) -> String {
        let what = dimensions == 3 ? "images (N × rows × columns)" : dimensions == 1 ? "labels (N)" : "\(dimensions)-D data"
        return "an IDX file of unsigned bytes holding \(what), starting with the magic number "
            + hex(magic(dimensions: dimensions))
    }
}
