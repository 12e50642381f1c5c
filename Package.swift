// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DeepLearningLineByLine",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Lessons", targets: ["Lessons"]),
        .executable(name: "lesson-runner", targets: ["lesson-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"]), .brew(["freetype"])]),
        // AVX2 twins of the matrix kernels, bit-for-bit equal to the Swift loops (see Kernels.swift).
        // Optimised in debug builds too, so `swift test` runs the same fast code. -O3 rather than
        // -O2: clang then unrolls the GEMM's register block fully (about 1.4× the GFLOP/s on the
        // LSTM's products); the numbers are the same, since every sum is an explicit chain of FMAs.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "Lessons", dependencies: ["CPNG", "CFreeType", "CKernels"],
            // The autograd engine's nodes are classes; checking exclusive access on every field
            // write at run time costs more than the arithmetic. Debug builds keep the checks.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "Exercises", dependencies: ["Lessons"], exclude: ["Stubs"]),
        .target(name: "ExerciseGrading", dependencies: ["Lessons", "Exercises"]),
        .executableTarget(
            name: "lesson-runner",
            dependencies: [
                "Lessons", "ExerciseGrading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "lesson-bench",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons"]),
        .testTarget(name: "ExercisesTests", dependencies: ["Lessons", "Exercises", "ExerciseGrading"]),
    ]
)
