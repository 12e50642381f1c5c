extension Chapter {
    /// Chapter 1: neurons, loss and backpropagation.
    public static let neurons = Chapter(
        number: 1, slug: "neurons", title: "Neurons, loss and backpropagation",
        figures: [], run: { _ in })
}
