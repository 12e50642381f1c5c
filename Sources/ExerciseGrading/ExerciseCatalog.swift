import Exercises
import Foundation
import Lessons

/// Every exercise of the course, in chapter order.
public enum ExerciseCatalog {
    public static let all: [Exercise] = ch01 + ch02 + ch03 + ch04 + ch05 + ch06 + ch07 + ch08

    /// The exercise with this name, if any.
    public static func exercise(named name: String) -> Exercise? {
        all.first { $0.name == name.lowercased() }
    }
}
