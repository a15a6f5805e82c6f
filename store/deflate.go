package store

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strings"
	"sync"
)

// Records and messages are deflated with a preset dictionary (schema
// version 6): a work order, a conversation or a bot reply repeats the
// record's keys, times, states, channel names and the usual texts of the
// hotline, which the dictionary holds once for every record. A deflated
// record starts with deflatedJSON; what it inflates to is the record in
// the form before (compactJSON or plain JSON), so records of earlier
// versions are read as they are and nothing is rewritten.
const deflatedJSON = 0xFD

// deflateMin is the size below which a record is kept as it is: deflate's
// own overhead would eat what it saves.
const deflateMin = 48

// recordDict is the preset dictionary. It is part of the file format:
// records written with it are read with it, so it never changes
// (TestRecordDictFrozen); a better one would be a new format byte. The
// parts most likely to match come last, where deflate's distances are
// shortest.
var recordDict = func() []byte {
	var b bytes.Buffer
	for _, part := range dictParts {
		if strings.HasPrefix(part, "{") {
			b.Write(compact([]byte(part))[1:]) // the keys as compact writes them
		} else {
			b.WriteString(part)
		}
	}
	return b.Bytes()
}()

// dictParts make up recordDict: typical records (as JSON, shortened by
// compact) and texts of the default city's replies, history and reminders.
var dictParts = []string{
	"已超期即将超期催办督办批示件领导接听件退回申请延期重办不满意基本满意满意未解决已解决回访",
	"咨询求助投诉建议举报表扬其他一般紧急特急",
	"市公安局市城市管理局市住房和城乡建设局市生态环境局市交通运输局市市场监督管理局市人力资源和社会保障局市自然资源和规划局市水务局市供电公司任城区人民政府兖州区人民政府曲阜市人民政府邹城市人民政府太白湖新区管委会",
	"任城区兖州区曲阜市邹城市微山县鱼台县金乡县嘉祥县汶上县泗水县梁山县太白湖新区高新区街道小区路口号楼单元",
	`{"id":"c1","name":"张先生","phones":["13953706688"],"contact":"13953706688","identities":[{"channel":"sms","user_id":"+8613953706688"},{"channel":"wechat","user_id":"oAbCdEfGhIjKlMnOpQrStUvWxYz0"},{"channel":"webchat","user_id":"0123456789abcdef"}],"created_at":"2026-11-27T09:00:00.04+08:00","last_inbound":{"webchat":"2026-11-27T09:00:00.04+08:00"}}`,
	`{"at":"2026-11-27T09:00:00.68+08:00","actor":"system","action":"ticket.dispatch","object":"20261127-0001","before":"accepted","after":"dispatched"}`,
	`{"at":"2026-11-27T09:00:00.68+08:00","number":"20261127-0001","kind":"dispatch","text":"新派工单20261127-0001（），请于2026年11月30日 18:00前签收，2026年12月4日 18:00前办结"}`,
	`{"id":"webchat:0123456789abcdef","channel":"webchat","user_id":"0123456789abcdef","citizen_id":"c1","state":"idle","asking":"phone","first_text":"","created_at":"2026-11-27T09:00:00.1+08:00","updated_at":"2026-11-27T09:00:00.8+08:00","last_inbound":"2026-11-27T09:00:00.8+08:00","orders":["20261127-0001"]}`,
	`{"number":"20261127-0001","channel":"webchat","citizen_id":"c1","conversation_id":"webchat:0123456789abcdef","name":"","phone":"13953706688","title":"","description":"","type":"投诉","category":"SRHW","department":"市城市管理局","district":"任城区","town":"","address":"任城区古槐路","urgency":"一般","flags":{},"status":"closed","confidence":{"address":0.74,"category":0.9999999917333694,"department":0.9999999917333694,"district":1,"name":0,"phones":0,"title":0.6,"town":0,"type":0.4,"urgency":0.6},"received_at":"2026-11-27T09:00:00.14+08:00","accepted_at":"2026-11-27T09:00:00.68+08:00","dispatched_at":"2026-11-27T09:00:00.68+08:00","signed_at":"2026-11-27T10:00:00+08:00","replied_at":"2026-11-29T10:00:00+08:00","closed_at":"2026-11-30T10:00:00+08:00","sign_due":"2026-11-30T18:00:00+08:00","due":"2026-12-04T18:00:00+08:00","reply":"经现场核查，已责令整改，问题已解决。","satisfaction":"满意","events":[{"at":"2026-11-27T09:00:00.68+08:00","actor":"citizen","action":"accept","from":"draft","to":"accepted","note":"市民确认，机器人受理"},{"at":"2026-11-27T09:00:00.68+08:00","actor":"system","action":"dispatch","from":"accepted","to":"dispatched","note":"主办：市城市管理局；自动派单（直派）","fields":{"due":["2026-12-04T18:00:00+08:00","2026-12-04T18:00:00+08:00"],"sign_due":["2026-11-30T18:00:00+08:00","2026-11-30T18:00:00+08:00"]}},{"at":"2026-11-27T10:00:00+08:00","actor":"dept:市城市管理局","action":"sign","from":"dispatched","to":"signed"},{"at":"2026-11-29T10:00:00+08:00","actor":"dept:市城市管理局","action":"reply","from":"signed","to":"replied"},{"at":"2026-11-29T11:00:00+08:00","actor":"agent:wang","action":"review","from":"replied","to":"reviewed"},{"at":"2026-11-30T10:00:00+08:00","actor":"citizen","action":"rate","from":"reviewed","to":"closed","note":"满意"}]}`,
	"感谢您的评价！您的意见是我们改进工作的动力。请您对工单的办理结果进行评价：回复 1 满意，2 基本满意，3 不满意；问题如未解决，请在数字后加“未解决”，例如“2 未解决”。您的工单已有办理结果：\n",
	"您的工单已派发至，将于前办理答复，请保持电话畅通。正在为您转接人工坐席，请稍候，话务员接入后会第一时间回复您。",
	"您的诉求已登记，工单号：。我们已转交办理，办理时限为。回复“查询”可随时了解办理进度。",
	"请核对您的诉求：\n信息无误请回复“确认”，需要修改请回复“修改”。诉求：地点：电话：类别：",
	"请告诉我们问题发生的具体地点，例如：兖州区鼓楼街道某某小区3号楼，或附近的路口、标志性建筑。",
	"请留下您的联系电话，方便承办单位与您联系并反馈办理结果。您的号码我们会严格保密。",
	"您好，这里是济宁市12345市长公开电话。请直接告诉我们您遇到的问题和具体地点，我们会为您登记并转交相关部门办理。回复“查询”可查看工单进度，回复“人工”可转人工服务。",
	"\x02in\x07citizen\x07webchat\x03out\x03bot\x07webchat\x04sent\x06wechat\x03sms\x08telegram\x05phone",
}

var inflaters = sync.Pool{New: func() any { return flate.NewReaderDict(bytes.NewReader(nil), recordDict) }}

// deflateRecord returns mark followed by v deflated, or v itself when it
// is short or deflating does not make it shorter.
func deflateRecord(mark byte, v []byte) []byte {
	if d, ok := deflated(mark, v); ok {
		return d
	}
	return v
}

// deflated returns mark followed by v deflated (deflateFixed, in
// deflate_fixed.go), and whether that is shorter than v (a short v is not
// tried).
func deflated(mark byte, v []byte) ([]byte, bool) {
	if len(v) < deflateMin {
		return nil, false
	}
	d := deflateFixed(append(make([]byte, 0, len(v)/2+16), mark), v)
	if len(d) >= len(v) {
		return nil, false
	}
	return d, true
}

var errCorruptDeflate = errors.New("corrupt deflated record")

// inflateRecord gives back what deflateRecord deflated (v without its
// mark byte).
func inflateRecord(v []byte) ([]byte, error) {
	r := inflaters.Get().(io.ReadCloser)
	defer inflaters.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(v), recordDict); err != nil {
		return nil, errCorruptDeflate
	}
	out := bytes.NewBuffer(make([]byte, 0, 3*len(v)))
	if _, err := out.ReadFrom(r); err != nil {
		return nil, errCorruptDeflate
	}
	return out.Bytes(), nil
}
