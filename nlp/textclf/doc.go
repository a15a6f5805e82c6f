// Package textclf is the embedded, trainable text classifier: hashed
// character 1–2-grams of a message's title and body (title counted twice),
// weighted by sublinear TF-IDF, scored by one-vs-rest linear support vector
// machines.
//
// # Basics
//
// Train builds a Model from labelled examples; Predict and Probabilities
// score a message; WriteTo and ReadModel (or LoadModel) store a model in a
// compact binary form that ships inside the hotline binary. ReadExamples
// reads work orders from JSONL, JSON, CSV or XLSX files, and Evaluate
// scores a model against labelled data.
//
// Text is normalised before features are taken: full-width forms become
// half-width, Latin letters lower-case, digit runs collapse to one digit and
// masked runs such as "*****" are dropped. Only the first MaxTextRunes runes
// of a body and MaxTitleRunes of a title are analysed, so a huge message
// costs no more than a long one.
//
// Each one-vs-rest machine (class-balanced squared hinge loss) is trained by
// dual coordinate descent on features scaled in the manner of NB-SVM: every
// feature is multiplied by 1+|r|, where r is its naive-Bayes log-count
// ratio for the class against the rest. The scaling is folded into the
// stored weights, so prediction is one sparse dot product per class.
// N-grams seen in fewer than MinDF training messages are ignored. Scores become
// probabilities by a softmax whose temperature is fitted on held-out folds
// of the training data.
//
// # Caveats
//
// A Model is safe for concurrent use; training is deterministic for a given
// Options.Seed. Features are hashed, so distinct n-grams can share a weight;
// with the default 2^18 buckets this costs little accuracy.
package textclf
