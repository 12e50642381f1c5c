import Foundation

/// A training set and a test set of labelled images, and where they came from.
public struct ImageSplit: Sendable {
    public var train: LabelledImages
    public var test: LabelledImages
    /// One line for the run's output, e.g. "UCI digits, 8×8: 1438 train / 359 test (stratified 80/20 split)".
    public var summary: String
}

/// The handwritten digits of chapter 3: the shipped 8×8 UCI digits, or MNIST if the learner
/// supplies it with `--data DIR`.
///
/// ```swift
/// var rng = context.rng("split")
/// let data = try Digits.load(root: context.root, override: context.dataOverride, rng: &rng)
/// data.train.count   // 1438
/// ```
public enum Digits {
    /// The shipped files, in `assets/data`.
    public static let imagesFile = "digits-images.idx3-ubyte", labelsFile = "digits-labels.idx1-ubyte"
    /// MNIST's four files, un-gzipped, as LeCun, Cortes and Burges distribute them.
    public static let mnistFiles = (trainImages: "train-images-idx3-ubyte", trainLabels: "train-labels-idx1-ubyte",
                                    testImages: "t10k-images-idx3-ubyte", testLabels: "t10k-labels-idx1-ubyte")
    /// Ten classes, the digits 0–9.
    public static let classes = 10
    /// The largest pixel value of each format: the UCI digits count "on" pixels in a 4×4 block
    /// (0–16); MNIST stores grey levels as bytes (0–255). Pixels are divided by it.
    public static let digitsMaxPixel: UInt8 = 16, mnistMaxPixel: UInt8 = 255
    /// The share of each class held out for testing when the data does not come split.
    public static let testFraction = 0.2

    static let shippedHint = "restore the shipped data with `git checkout -- assets/data`"
    static let overrideHint = "check the folder you passed with --data, or run without --data to use the shipped digits"

    /// The shipped digits, split 80/20 per class; or, with `override`, a folder holding either
    /// MNIST's four files (already split into train and t10k) or the two digits files.
    ///
    /// - Parameter rng: shuffles each class before the split (unused for MNIST).
    /// - Throws: ``DataFileError`` naming the file, what was expected and how to restore it.
    public static func load(root: URL, override: URL?, rng: inout SeededRNG) throws -> ImageSplit {
        guard let folder = override else {
            let data = root.appendingPathComponent("assets/data")
            return try splitDigits(in: data, hint: shippedHint, rng: &rng)
        }
        var isFolder: ObjCBool = false
        let expected = "a folder holding MNIST's \(mnistFiles.trainImages), \(mnistFiles.trainLabels), "
            + "\(mnistFiles.testImages) and \(mnistFiles.testLabels) (un-gzipped), or \(imagesFile) and \(labelsFile)"
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataFileError(path: folder.path, problem: "is not a folder", expected: expected, restoreHint: overrideHint)
        }
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        if let names = mnistNames(in: present) {
            func read(_ images: String, _ labels: String) throws -> LabelledImages {
                try Digits.read(images: folder.appendingPathComponent(images),
                                labels: folder.appendingPathComponent(labels), maxPixel: mnistMaxPixel, hint: overrideHint)
            }
            let train = try read(names.trainImages, names.trainLabels)
            let test = try read(names.testImages, names.testLabels)
            guard (train.height, train.width) == (test.height, test.width) else {
                throw DataFileError(path: folder.appendingPathComponent(names.testImages).path,
                                    problem: "holds \(test.height)×\(test.width) images",
                                    expected: "the same size as the training images, \(train.height)×\(train.width)",
                                    restoreHint: overrideHint)
            }
            return ImageSplit(train: train, test: test,
                              summary: "MNIST from \(folder.path), \(train.height)×\(train.width): "
                                + "\(train.count) train / \(test.count) test")
        }
        if present.contains(imagesFile) || present.contains(labelsFile) {
            return try splitDigits(in: folder, hint: overrideHint, rng: &rng)
        }
        let gzipped = present.filter { $0.hasSuffix(".gz") }.sorted()
        let problem = gzipped.isEmpty
            ? "holds none of the expected files"
            : "holds only compressed files (\(gzipped.joined(separator: ", "))): gunzip them first"
        throw DataFileError(path: folder.path, problem: problem, expected: expected, restoreHint: overrideHint)
    }

    /// MNIST's file names as found in the folder: the official `train-images-idx3-ubyte` or the
    /// common variant `train-images.idx3-ubyte`.
    private static func mnistNames(in present: Set<String>)
        -> (trainImages: String, trainLabels: String, testImages: String, testLabels: String)?
    {
        let official = [mnistFiles.trainImages, mnistFiles.trainLabels, mnistFiles.testImages, mnistFiles.testLabels]
        guard official.contains(where: { present.contains($0) || present.contains(dotted($0)) }) else { return nil }
        let found = official.map { present.contains(dotted($0)) && !present.contains($0) ? dotted($0) : $0 }
        return (found[0], found[1], found[2], found[3])
    }

    private static func dotted(_ name: String) -> String {
        name.replacingOccurrences(of: "-idx", with: ".idx")
    }

    private static func splitDigits(in folder: URL, hint: String, rng: inout SeededRNG) throws -> ImageSplit {
        let all = try read(images: folder.appendingPathComponent(imagesFile),
                           labels: folder.appendingPathComponent(labelsFile), maxPixel: digitsMaxPixel, hint: hint)
        let (train, test) = stratifiedSplit(labels: all.labels, testFraction: testFraction, rng: &rng)
        let percent = Int((testFraction * 100).rounded())
        return ImageSplit(train: all.subset(train), test: all.subset(test),
                          summary: "UCI digits, \(all.height)×\(all.width): \(train.count) train / \(test.count) test "
                            + "(stratified \(100 - percent)/\(percent) split)")
    }

    /// Reads an image file and its label file and checks that they belong together, that every
    /// label is a digit and that no pixel exceeds `maxPixel`.
    public static func read(images imagesURL: URL, labels labelsURL: URL, maxPixel: UInt8,
                            hint: String) throws -> LabelledImages {
        let images = try IDXFile(contentsOf: imagesURL, dimensions: 3, restoreHint: hint)
        let labels = try IDXFile(contentsOf: labelsURL, dimensions: 1, restoreHint: hint)
        let (n, h, w) = (images.shape[0], images.shape[1], images.shape[2])
        guard labels.shape[0] == n else {
            throw DataFileError(path: labelsURL.path, problem: "holds \(labels.shape[0]) labels",
                                expected: "one label per image of \(imagesURL.lastPathComponent), which holds \(n) images",
                                restoreHint: hint)
        }
        guard n > 0, h >= 2, w >= 2 else {
            throw DataFileError(path: imagesURL.path, problem: "holds \(n) images of \(h)×\(w) pixels",
                                expected: "at least one image of at least 2×2 pixels", restoreHint: hint)
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classes }) {
            throw DataFileError(path: labelsURL.path, problem: "holds the label \(labels.bytes[bad]) at index \(bad)",
                                expected: "labels 0–\(classes - 1)", restoreHint: hint)
        }
        if let bad = images.bytes.firstIndex(where: { $0 > maxPixel }) {
            throw DataFileError(path: imagesURL.path,
                                problem: "holds the pixel value \(images.bytes[bad]) in image \(bad / (h * w))",
                                expected: "pixels 0–\(maxPixel)", restoreHint: hint)
        }
        return LabelledImages(height: h, width: w, pixels: images.bytes, labels: labels.bytes.map(Int.init),
                              maxPixel: Double(maxPixel))
    }

    // listing: stratified-split
    /// Splits indices into train and test so that every class keeps the same share in both:
    /// each class's indices are shuffled, and round(fraction × count) of them go to the test set.
    ///
    /// A plain random split of 1,797 images could leave one digit with noticeably fewer test
    /// images than another; stratifying makes the per-class test counts differ by at most one or two.
    public static func stratifiedSplit(labels: [Int], testFraction: Double,
                                       rng: inout SeededRNG) -> (train: [Int], test: [Int]) {
        var train: [Int] = [], test: [Int] = []
        for label in Set(labels).sorted() {
            var members = labels.indices.filter { labels[$0] == label }
            rng.shuffle(&members)
            let held = Int((testFraction * Double(members.count)).rounded())
            test += members[..<held]
            train += members[held...]
        }
        return (train.sorted(), test.sorted())
    }
    // end listing
}
