import Foundation

/// Grey-scale images with integer class labels, kept as the bytes of the file; a batch becomes a
/// `Tensor` only when it is needed (60,000 MNIST images as `Double` would take 376 MB).
public struct LabelledImages: Sendable, Equatable {
    /// Image size in pixels.
    public var height: Int, width: Int
    /// count × height × width bytes, image by image, each row-major.
    public var pixels: [UInt8]
    /// The class of each image, 0..<classes.
    public var labels: [Int]
    /// What pixels are divided by to bring them into 0…1: 16 for the digits, 255 for MNIST.
    public var maxPixel: Double

    public init(height: Int, width: Int, pixels: [UInt8], labels: [Int], maxPixel: Double) {
        precondition(pixels.count == labels.count * height * width, "LabelledImages: pixel count does not match")
        self.height = height
        self.width = width
        self.pixels = pixels
        self.labels = labels
        self.maxPixel = maxPixel
    }

    /// The number of images.
    public var count: Int { labels.count }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabelledImages {
        let size = height * width
        var out = [UInt8]()
        out.reserveCapacity(indices.count * size)
        for i in indices { out += pixels[(i * size)..<((i + 1) * size)] }
        return LabelledImages(height: height, width: width, pixels: out, labels: indices.map { labels[$0] },
                              maxPixel: maxPixel)
    }

    /// A batch of the images at `indices` as a tensor of shape (n, 1, H, W) with values in 0…1:
    /// one input channel, as the convolution expects.
    public func batch(_ indices: [Int]) -> Tensor {
        let size = height * width
        var out = [Double](repeating: 0, count: indices.count * size)
        let scale = 1 / maxPixel
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for (row, i) in indices.enumerated() {
                    for k in 0..<size { o[row * size + k] = Double(p[i * size + k]) * scale }
                }
            }
        }
        return Tensor(shape: [indices.count, 1, height, width], data: out)
    }

    /// Image `i` as rows of values in 0…1, row 0 at the top (for figures).
    public func image(_ i: Int) -> [[Double]] {
        (0..<height).map { r in
            (0..<width).map { c in Double(pixels[(i * height + r) * width + c]) / maxPixel }
        }
    }
}
