package config

// InputErrors are what the bot answers to a message or an agent's input
// it refuses before storing anything (citizens on their channel, agents
// in the console), in zh-CN; text/template over InputData.
type InputErrors struct {
	InvalidUTF8         string `yaml:"invalid_utf8"`
	TooLong             string `yaml:"too_long"` // bot.max_text_len: {{.Length}} {{.Max}}
	EmptyText           string `yaml:"empty_text"`
	NoText              string `yaml:"no_text"`
	NoSender            string `yaml:"no_sender"`
	UnknownConversation string `yaml:"unknown_conversation"`
	EmptyReply          string `yaml:"empty_reply"` // an agent's empty reply
	ReplyTooLong        string `yaml:"reply_too_long"`
	NoDescription       string `yaml:"no_description"`   // an agent registers an order without a description
	UnknownCategory     string `yaml:"unknown_category"` // the agent's fields: {{.Value}} what was given
	UnknownDepartment   string `yaml:"unknown_department"`
	UnknownDistrict     string `yaml:"unknown_district"`
	BadType             string `yaml:"bad_type"` // {{.Choices}} joined by 、
	BadUrgency          string `yaml:"bad_urgency"`
	FieldsTooLong       string `yaml:"fields_too_long"`
}

// InputData is what the input errors are filled with.
type InputData struct {
	Length, Max  int    // a message's characters and bot.max_text_len
	Conversation string // a conversation id
	Value        string // what was given
	Choices      string // the allowed values, joined by 、
}

func (v *validator) inputErrors() {
	v.templates("input_errors", v.c.InputErrors, InputData{Length: 5000, Max: 4000, Conversation: "webchat:1", Value: "v", Choices: "投诉、咨询"})
}
