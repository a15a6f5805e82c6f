package nlp

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"hotline/nlp/defaultmodel"
)

// The veto is the third part of the emergency classifier: a small
// danger-versus-trap model (defaultmodel.Veto) learnt from the project's
// own dangers and traps, the sentences that use danger words without a
// danger (a fire last year, the fee of an ambulance, a lesson in first
// aid, a threat nobody means). The rules' discount frames judge a cue by
// the words around it and carry little to sentences nobody tuned them on;
// the veto judges the whole message. It sets a rule's flag aside only when
// it is all but sure the message is a trap (VetoThreshold), never a flag
// of words of wanting to die, never on a message that turns to the present
// (vetoNow), and never on a message longer than those it learnt from
// (VetoMaxRunes), such as a letter about a dangerous building.
// A message whose flag it set aside is 紧急 rather than 一般, and is never
// taken as out of scope or a courtesy: it becomes an order an agent still
// reads soon, though it does not jump the queue.

// VetoThreshold is the veto model's probability of a danger below which a
// rule's flag is set aside. It was 0.0005 while the veto learnt only the
// emergency examples, the trap set's tune part and the tests' sentences
// (README, third and fourth false-alarm rounds: out of fold, dangers a rule
// flags scored down to 0.0023). It now learns the hand-written examples
// too (emergency_written_*.jsonl, 2,559 of five writers). In a
// cross-validation over them (TestEmergencyWrittenCV: the veto retrained
// without the fold it scores) the 676 held dangers it judges scored at
// least 0.099, and the false alarms fell from 71 of 1,219 at 0.0005 to 62,
// 56, 51 and 46 at 0.002, 0.005, 0.01 and 0.03 with no danger lost. Of the
// 1,250 dangers a rule flags in the project's older sets (the trap set's
// held-out parts, the realistic sets 1–7), the lowest scores 0.0075
// (TestEmergencyVetoKeepsDangers), and 0.01 set one of them aside: 0.002
// kept a margin of nearly four times over it, as 0.0005 had over 0.0023
// (README, issue 11 item 2, the model grown on hand-written data). With
// every writer left out in turn (nine writers, 2,091 dangers and 2,093
// non-dangers, the veto retrained without the writer it scores), 0.0005,
// 0.002, 0.003, 0.004, 0.005 and 0.01 flagged the same 1,940 dangers with
// 114, 107, 99, 93, 89 and 82 false alarms; on the trap set's held-out
// parts 0.01 set one danger aside and 0.005 none (false alarms 41 → 36).
// 0.005 was tried and taken back: its margin was thin (the lowest danger a
// rule flags in the older sets, TestEmergencyVetoKeepsDangers, scored
// 0.0067, then 0.0053), and the next regeneration of the models (new
// tests' sentences) moved a held-out danger to 0.0040, which 0.005 set
// aside. 0.002 keeps twice that margin.
const VetoThreshold = 0.002

// VetoMaxRunes is the longest message the veto judges: the messages it
// learnt from were at most 50 characters long before the written examples
// (up to 150), and the gov-messages' letters about dangerous buildings
// score near 0.
const VetoMaxRunes = 80

// vetoDanger is the veto model's label for a danger now.
const vetoDanger = "danger"

var vetoModel = sync.OnceValues(defaultmodel.Veto)

// vetoed reports whether the veto sets aside em, a rule's flag of s; buf is
// scratch space of at least 2 floats.
func (e *Embedded) vetoed(s string, em *Emergency, buf []float64) bool {
	if e.vetoModel == nil || em.Rule == RuleModel || wishToDie(em) || utf8.RuneCountInString(s) > VetoMaxRunes {
		return false
	}
	if containsAny(s, vetoNow) {
		return false // 以前…这次是真的, 去年…刚刚又: a turn to the present the veto's n-grams do not see
	}
	return e.vetoModel.Probabilities("", s, buf[:0])[e.vetoDanger] < e.vetoThreshold
}

// vetoNow are words that put a danger in the present, after which the veto
// does not judge a message: the dangers that scored lowest out of fold
// were told against a past or a false alarm (物业说是误报的那个报警器，现在
// 楼道里真的冒烟了). Not 现在 alone, which also tells a danger over (现在好了).
var vetoNow = []string{"刚才", "刚刚", "正在", "还在", "此刻", "这会儿", "这次", "这回", "真的", "现在就", "现在又"}

// wishToDie reports whether em, or another number it names, rests on words
// of wanting to die or a person at a height: a suicide rule, a ledge, or a
// plain state word of 110 (想死, 活不下去, 不想活了), whose rule is RuleState,
// not a suicide rule's name (孩子说想死，作业太多了 was set aside before).
func wishToDie(em *Emergency) bool {
	if dyingRule(em.Rule, em.Cue) {
		return true
	}
	for _, a := range em.Also {
		if dyingRule(a.Rule, a.Cue) {
			return true
		}
	}
	return false
}

func dyingRule(rule, cue string) bool {
	return strings.HasPrefix(rule, "suicide") || rule == "ledge" ||
		rule == RuleState && cue != "伤人" && slices.Contains(builtinStates["110"], cue)
}
