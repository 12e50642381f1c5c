/// The chapters of the course, in order.
public enum Course {
    public static let chapters: [Chapter] = [.neurons, .activations, .cnn, .rnn, .lstm, .gan, .attention, .transformer]

    /// The chapter a learner means by `name`: "ch04", "4", "04" or its slug "rnn".
    public static func chapter(named name: String) -> Chapter? {
        let key = name.lowercased()
        return chapters.first { chapter in
            key == chapter.id || key == chapter.slug || Int(key) == chapter.number
                || (key.hasPrefix("ch") && Int(key.dropFirst(2)) == chapter.number)
        }
    }
}
