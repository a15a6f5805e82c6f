package config

import (
	"io"
	"reflect"
	"strings"
	"text/template"
)

// AgentTexts are what the agents read in the Telegram agents' group
// (channels.telegram.agent_group_id), in Chinese. Placeholders use Go's
// text/template syntax over AgentTextData.
type AgentTexts struct {
	Help       string `yaml:"help"`        // how to take, release and close a conversation
	Again      string `yaml:"again"`       // the citizen asked for a person again
	Header     string `yaml:"header"`      // the first post of a topic: {{.ID}} {{.Channel}} {{.Emergency}} {{.Title}} {{.Category}} {{.District}} {{.Earlier}}
	Citizen    string `yaml:"citizen"`     // a citizen's message mirrored: {{.Text}}
	Image      string `yaml:"image"`       // an attachment's place in a mirrored message
	Voice      string `yaml:"voice"`       //
	Video      string `yaml:"video"`       //
	File       string `yaml:"file"`        //
	Location   string `yaml:"location"`    // a shared location: {{.Location}}
	WrongTopic string `yaml:"wrong_topic"` // a command outside a conversation's topic
	NotAgent   string `yaml:"not_agent"`   // someone not in agent_ids
	Held       string `yaml:"held"`        // /take of a conversation another agent holds: {{.Holder}}
	Taken      string `yaml:"taken"`       // {{.Agent}}
	NotHeld    string `yaml:"not_held"`    // /release by someone not holding it
	Released   string `yaml:"released"`    // {{.Agent}}
	CloseHeld  string `yaml:"close_held"`  // /close by someone not holding it: {{.Holder}}
	Closed     string `yaml:"closed"`      // {{.Agent}}
	TextOnly   string `yaml:"text_only"`   // an agent sent something that is not text
	TakeFirst  string `yaml:"take_first"`  // an agent wrote before /take
	NotSent    string `yaml:"not_sent"`    // the engine refused the agent's text: {{.Error}}
	Gone       string `yaml:"gone"`        // the conversation no longer exists
	OtherAgent string `yaml:"other_agent"` // {{.Holder}} when the holder is unknown
	Agent      string `yaml:"agent"`       // {{.Holder}} for a known agent: {{.Agent}}
}

// AgentTextData is what the agents' texts are filled with.
type AgentTextData struct {
	ID        string // the conversation's short id
	Channel   string // the channel's zh-CN label
	Emergency bool
	Title     string
	Category  string
	District  string
	Earlier   int    // citizen messages before the topic was opened
	Text      string // a mirrored message
	Location  string // a location: latitude, longitude and its label
	Agent     string // the agent acting
	Holder    string // who holds the conversation (other_agent or agent)
	Error     string // why the engine refused a text
}

func (v *validator) agentTexts() {
	rv := reflect.ValueOf(v.c.AgentTexts)
	rt := rv.Type()
	sample := AgentTextData{ID: "a1b2c3", Channel: "微信", Emergency: true, Title: "t", Category: "c", District: "d",
		Earlier: 1, Text: "t", Location: "l", Agent: "a", Holder: "h", Error: "e"}
	for i := range rt.NumField() {
		p := "agent_texts." + yamlName(rt.Field(i))
		text := rv.Field(i).String()
		if !v.nonEmpty(p, text) {
			continue
		}
		tmpl, err := template.New(p).Option("missingkey=error").Parse(text)
		if err != nil {
			v.add(p, "not a valid template: %s", strings.TrimPrefix(err.Error(), "template: "))
			continue
		}
		if err := tmpl.Execute(io.Discard, sample); err != nil {
			v.add(p, "template fails: %s", strings.TrimPrefix(err.Error(), "template: "))
		}
	}
}
