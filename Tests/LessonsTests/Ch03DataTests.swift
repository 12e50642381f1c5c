import Foundation
import Testing
@testable import Lessons

/// Small IDX files written by the tests themselves, good and broken.
enum DataFixtures {
    static func scratchFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ch03-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `count` images of height × width with pixel (i, r, c) = (7i + 3r + c) mod 256, and labels i mod 10.
    static func images(_ count: Int, _ height: Int, _ width: Int) -> (images: IDXFile, labels: IDXFile) {
        let pixels = (0..<(count * height * width)).map { t -> UInt8 in
            let (i, rest) = t.quotientAndRemainder(dividingBy: height * width)
            return UInt8((7 * i + 3 * (rest / width) + rest % width) % 256)
        }
        return (IDXFile(shape: [count, height, width], bytes: pixels),
                IDXFile(shape: [count], bytes: (0..<count).map { UInt8($0 % 10) }))
    }

    /// A folder with MNIST's four file names (official spelling, or with a dot before "idx").
    static func mnistFolder(height: Int, width: Int, train: Int, test: Int, dotted: Bool = false) throws -> URL {
        let folder = try scratchFolder("mnist")
        let names = Digits.mnistFiles
        func name(_ s: String) -> String { dotted ? s.replacingOccurrences(of: "-idx", with: ".idx") : s }
        let (trainImages, trainLabels) = images(train, height, width)
        let (testImages, testLabels) = images(test, height, width)
        try trainImages.encoded().write(to: folder.appendingPathComponent(name(names.trainImages)))
        try trainLabels.encoded().write(to: folder.appendingPathComponent(name(names.trainLabels)))
        try testImages.encoded().write(to: folder.appendingPathComponent(name(names.testImages)))
        try testLabels.encoded().write(to: folder.appendingPathComponent(name(names.testLabels)))
        return folder
    }
}

@Suite("Chapter 3: the digits data") struct Ch03DataTests {
    private let hint = "restore it"

    @Test("the shipped digits: 1,797 images of 8×8, pixels 0–16, 174–183 per class")
    func shippedDigits() throws {
        let data = projectRoot.appendingPathComponent("assets/data")
        let digits = try Digits.read(images: data.appendingPathComponent(Digits.imagesFile),
                                     labels: data.appendingPathComponent(Digits.labelsFile), maxPixel: 16, hint: hint)
        #expect(digits.count == 1797 && digits.height == 8 && digits.width == 8)
        #expect(digits.maxPixel == 16 && digits.pixels.max() == 16)
        let perClass = (0..<10).map { d in digits.labels.filter { $0 == d }.count }
        #expect(perClass.min() == 174 && perClass.max() == 183)
        // The first row of the CSV in scikit-learn is a 0: pixels 0 0 5 13 9 1 0 0 on its first line.
        #expect(digits.labels[0] == 0 && Array(digits.pixels[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0])
        let batch = digits.batch([0, 5])
        #expect(batch.shape == [2, 1, 8, 8] && batch.data[3] == 13.0 / 16)
    }

    @Test("the split is stratified (20 % of every class held out), disjoint, complete and seeded")
    func stratifiedSplit() throws {
        var rng = SeededRNG(seed: 42)
        let split = try Digits.load(root: projectRoot, override: nil, rng: &rng)
        #expect(split.train.count + split.test.count == 1797)
        for d in 0..<10 {
            let inTest = split.test.labels.filter { $0 == d }.count
            let total = inTest + split.train.labels.filter { $0 == d }.count
            #expect(inTest == Int((0.2 * Double(total)).rounded()), "digit \(d): \(inTest) of \(total) in the test set")
        }
        let labels = (0..<50).map { $0 % 3 }
        var a = SeededRNG(seed: 1), b = SeededRNG(seed: 1), c = SeededRNG(seed: 2)
        let first = Digits.stratifiedSplit(labels: labels, testFraction: 0.2, rng: &a)
        #expect(Set(first.train).isDisjoint(with: first.test) && Set(first.train + first.test) == Set(0..<50))
        #expect(first == Digits.stratifiedSplit(labels: labels, testFraction: 0.2, rng: &b))
        #expect(first != Digits.stratifiedSplit(labels: labels, testFraction: 0.2, rng: &c))
    }

    @Test("IDX files written and read back are the same; the header is big-endian")
    func idxRoundTrip() throws {
        let folder = try DataFixtures.scratchFolder("idx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (images, labels) = DataFixtures.images(3, 2, 300)
        let bytes = [UInt8](images.encoded())
        #expect(Array(bytes[0..<16]) == [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 1, 44])  // 300 = 0x012C
        try images.encoded().write(to: folder.appendingPathComponent("i"))
        try labels.encoded().write(to: folder.appendingPathComponent("l"))
        #expect(try IDXFile(contentsOf: folder.appendingPathComponent("i"), dimensions: 3, restoreHint: hint) == images)
        #expect(try IDXFile(contentsOf: folder.appendingPathComponent("l"), dimensions: 1, restoreHint: hint) == labels)
    }

    @Test("a missing, truncated, over-long, compressed or wrong-kind file is an error that names it and says what was expected")
    func damagedFilesAreExplained() throws {
        let folder = try DataFixtures.scratchFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (images, labels) = DataFixtures.images(4, 3, 3)
        func attempt(_ bytes: [UInt8], dimensions: Int = 3) -> String {
            let url = folder.appendingPathComponent("file-\(UUID())")
            try? Data(bytes).write(to: url)
            do {
                _ = try IDXFile(contentsOf: url, dimensions: dimensions, restoreHint: hint)
                return "no error"
            } catch {
                #expect("\(error)".contains(url.path) && "\(error)".hasSuffix("To fix it, restore it."))
                return "\(error)"
            }
        }
        let good = [UInt8](images.encoded())
        #expect(attempt(Array(good.dropLast(5))).contains("is truncated: its header announces 4 × 3 × 3 elements, so 52 bytes, but the file has 47"))
        #expect(attempt(Array(good.prefix(9))).contains("shorter than its 16-byte header"))
        #expect(attempt(good + [0]).contains("has trailing bytes"))
        #expect(attempt([UInt8](labels.encoded())).contains("starts with the magic number 0x00000801. Expected an IDX file of unsigned bytes holding images (N × rows × columns), starting with the magic number 0x00000803"))
        #expect(attempt([0x1F, 0x8B, 8, 0, 0, 0]).contains("gzip-compressed"))
        #expect(attempt([]).contains("is only 0 bytes long"))
        let missing = folder.appendingPathComponent("nothing-here")
        #expect(throws: DataFileError(path: missing.path, problem: "is missing",
                                      expected: "an IDX file of unsigned bytes holding labels (N), starting with the magic number 0x00000801",
                                      restoreHint: hint)) {
            try IDXFile(contentsOf: missing, dimensions: 1, restoreHint: hint)
        }
    }

    @Test("images and labels that do not belong together, or labels outside 0–9, are errors")
    func mismatchedFilesAreExplained() throws {
        let folder = try DataFixtures.scratchFolder("mismatch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (images, _) = DataFixtures.images(5, 3, 3)
        let imagesURL = folder.appendingPathComponent("images"), labelsURL = folder.appendingPathComponent("labels")
        try images.encoded().write(to: imagesURL)
        try IDXFile(shape: [4], bytes: [0, 1, 2, 3]).encoded().write(to: labelsURL)
        let error = try #require(throws: DataFileError.self) { try Digits.read(images: imagesURL, labels: labelsURL, maxPixel: 255, hint: hint) }
        #expect(error.path == labelsURL.path && error.description.contains("holds 4 labels. Expected one label per image of images, which holds 5 images"))
        try IDXFile(shape: [5], bytes: [0, 1, 12, 3, 4]).encoded().write(to: labelsURL)
        let range = try #require(throws: DataFileError.self) { try Digits.read(images: imagesURL, labels: labelsURL, maxPixel: 255, hint: hint) }
        #expect(range.description.contains("holds the label 12 at index 2. Expected labels 0–9"))
        try IDXFile(shape: [5], bytes: [0, 1, 2, 3, 4]).encoded().write(to: labelsURL)
        let pixels = try #require(throws: DataFileError.self) {
            try Digits.read(images: imagesURL, labels: labelsURL, maxPixel: 16, hint: hint)
        }
        #expect(pixels.path == imagesURL.path && pixels.description.contains("holds the pixel value 17 in image 2. Expected pixels 0–16"))
    }

    @Test("--data: MNIST's four files (either spelling) are read with their own train/test split")
    func mnistFolderIsRead() throws {
        for dotted in [false, true] {
            let folder = try DataFixtures.mnistFolder(height: 28, width: 28, train: 20, test: 7, dotted: dotted)
            defer { try? FileManager.default.removeItem(at: folder) }
            var rng = SeededRNG(seed: 1)
            let split = try Digits.load(root: projectRoot, override: folder, rng: &rng)
            #expect(split.train.count == 20 && split.test.count == 7 && split.train.height == 28)
            #expect(split.train.labels == (0..<20).map { $0 % 10 } && split.train.maxPixel == 255)
            #expect(split.summary.hasPrefix("MNIST"))
        }
    }

    @Test("--data: a file, an empty folder or a folder of .gz files is explained")
    func badDataFoldersAreExplained() throws {
        let folder = try DataFixtures.scratchFolder("gz")
        defer { try? FileManager.default.removeItem(at: folder) }
        var rng = SeededRNG(seed: 1)
        let empty = try #require(throws: DataFileError.self) { try Digits.load(root: projectRoot, override: folder, rng: &rng) }
        #expect(empty.description.contains("holds none of the expected files") && empty.description.contains("train-images-idx3-ubyte"))
        try Data([0x1F, 0x8B]).write(to: folder.appendingPathComponent("train-images-idx3-ubyte.gz"))
        let gz = try #require(throws: DataFileError.self) { try Digits.load(root: projectRoot, override: folder, rng: &rng) }
        #expect(gz.description.contains("gunzip them first"))
        let file = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        let notFolder = try #require(throws: DataFileError.self) { try Digits.load(root: projectRoot, override: file, rng: &rng) }
        #expect(notFolder.description.contains("is not a folder"))
        // One MNIST file present, the others missing: the first missing one is named.
        try DataFixtures.images(2, 4, 4).images.encoded().write(to: folder.appendingPathComponent("train-images-idx3-ubyte"))
        let partial = try #require(throws: DataFileError.self) { try Digits.load(root: projectRoot, override: folder, rng: &rng) }
        #expect(partial.path.hasSuffix("train-labels-idx1-ubyte") && partial.problem == "is missing")
    }
}
