import Foundation

/// One of chapters 4 and 5's recurrent models trained inside this chapter.
struct RecurrentRun {
    var label: String
    var parameters: Int
    var history: CharacterTrainingHistory
    /// Held-out nats per character at the end.
    var heldOut: Double { history.heldOut.last?.loss ?? .nan }
}

/// Chapter 4's RNN and chapter 5's LSTM on the Transformer's budget of `characters` training
/// characters: each with its own chapter's start, step size, batch (32 streams of 64 characters),
/// clipping and schedule, on the same split. The comparison at one equal budget; with the same
/// seed, `lesson-runner ch04 --steps N` and `ch05 --steps N` train exactly the same models.
func trainRecurrentModels(characters: Int, split: HeldOutSplit, vocabularySize V: Int,
                          _ context: RunContext) throws -> [RecurrentRun] {
    var rnnSettings = CharacterModelBudget.settings(steps: 1, lstm: false)
    var lstmSettings = CharacterModelBudget.settings(steps: 1, lstm: true)
    rnnSettings.steps = max(1, characters / rnnSettings.charactersPerStep)
    lstmSettings.steps = max(1, characters / lstmSettings.charactersPerStep)
    (rnnSettings.evaluations, lstmSettings.evaluations) = (4, 4)       // as many as the Transformer's

    var rnn = CharacterModelBudget.startingRNN(vocabularySize: V, context)
    let rnnHistory = try trainCharacterModel(&rnn, on: split.train, heldOut: split.heldOut, settings: rnnSettings,
                                             context: context, label: "RNN (chapter 4)")
    var lstm = CharacterModelBudget.startingLSTM(vocabularySize: V, context)
    let lstmHistory = try trainCharacterModel(&lstm, on: split.train, heldOut: split.heldOut, settings: lstmSettings,
                                              context: context, label: "LSTM (chapter 5)")
    return [RecurrentRun(label: "RNN", parameters: rnn.parameterCount, history: rnnHistory),
            RecurrentRun(label: "LSTM", parameters: lstm.parameterCount, history: lstmHistory)]
}
