extension Chapter {
    /// Chapter 2: activation functions and their derivatives.
    public static let activations = Chapter(
        number: 2, slug: "activations", title: "Activation functions and their derivatives",
        figures: [], run: { _ in })
}
