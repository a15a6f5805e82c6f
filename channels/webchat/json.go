package webchat

import "encoding/json"

func jsonLine(v any) ([]byte, error) { return json.Marshal(v) }
