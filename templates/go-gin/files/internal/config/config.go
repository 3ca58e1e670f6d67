// Package config loads the service configuration: one YAML file per
// environment, overridden key by key from APP_* environment variables, and
// validated once at start-up so a bad value fails fast with its key and reason.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultEnv and DefaultDir are used when Load is called with empty arguments.
const (
	DefaultEnv = "dev"
	DefaultDir = "./config"
)

// envPrefix starts every override variable: http.port becomes APP_HTTP_PORT.
const envPrefix = "APP_"

// reservedEnv are APP_* variables that select the file rather than override a key.
var reservedEnv = []string{"APP_ENV", "APP_CONFIG_DIR"}

// Config is the whole service configuration. Every environment file has exactly these keys.
type Config struct {
	HTTP      HTTP              `yaml:"http"`
	Admin     Admin             `yaml:"admin"`
	Shutdown  Shutdown          `yaml:"shutdown"`
	Clients   map[string]Client `yaml:"clients"`
	Log       Log               `yaml:"log"`
	Tracing   Tracing           `yaml:"tracing"`
	CORS      CORS              `yaml:"cors"`
	RateLimit RateLimit         `yaml:"ratelimit"`
}

// HTTP configures the public API server.
type HTTP struct {
	Host              string   `yaml:"host"`
	Port              int      `yaml:"port"`
	ReadHeaderTimeout Duration `yaml:"read_header_timeout"`
	ReadTimeout       Duration `yaml:"read_timeout"`
	WriteTimeout      Duration `yaml:"write_timeout"`
	IdleTimeout       Duration `yaml:"idle_timeout"`
	HandlerTimeout    Duration `yaml:"handler_timeout"`
	MaxHeaderBytes    ByteSize `yaml:"max_header_bytes"`
	MaxBodyBytes      ByteSize `yaml:"max_body_bytes"`
	TrustedProxies    []string `yaml:"trusted_proxies"`
}

// Admin configures the internal server that serves /metrics and /debug/pprof/.
type Admin struct {
	Host string `yaml:"host"`
	Port int    `yaml:"port"`
}

// Shutdown configures the graceful shutdown sequence.
type Shutdown struct {
	// DrainDelay is how long /readyz reports 503 before the listeners close,
	// so load balancers stop routing new requests here first.
	DrainDelay Duration `yaml:"drain_delay"`
	// Timeout bounds how long in-flight requests may take to finish.
	Timeout Duration `yaml:"timeout"`
}

// Client configures one outbound HTTP client (see internal/httpclient).
type Client struct {
	Timeout Duration `yaml:"timeout"`
}

// Log configures the JSON logger.
type Log struct {
	Level string `yaml:"level"`
}

// Tracing configures OpenTelemetry tracing.
type Tracing struct {
	// Endpoint is the OTLP/HTTP collector URL; empty disables export (trace
	// context is still propagated and logged).
	Endpoint    string  `yaml:"endpoint"`
	ServiceName string  `yaml:"service_name"`
	SampleRatio float64 `yaml:"sample_ratio"`
}

// CORS configures cross-origin requests; disabled unless enabled is true.
type CORS struct {
	Enabled        bool     `yaml:"enabled"`
	AllowedOrigins []string `yaml:"allowed_origins"`
}

// RateLimit configures a process-wide token bucket; disabled unless enabled is true.
type RateLimit struct {
	Enabled           bool    `yaml:"enabled"`
	RequestsPerSecond float64 `yaml:"requests_per_second"`
	Burst             int     `yaml:"burst"`
}

// envName keeps environment names to plain words so APP_ENV cannot point outside the config folder.
var envName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Load reads <dir>/<env>.yaml, applies APP_* overrides from the process
// environment and validates the result. Empty arguments mean DefaultDir and DefaultEnv.
func Load(dir, env string) (Config, error) {
	return load(dir, env, os.Environ())
}

func load(dir, env string, environ []string) (Config, error) {
	if dir == "" {
		dir = DefaultDir
	}
	if env == "" {
		env = DefaultEnv
	}
	if !envName.MatchString(env) {
		return Config{}, fmt.Errorf("config: APP_ENV %q: must be a lower-case name such as dev, staging or prod", env)
	}
	file := filepath.Join(dir, env+".yaml")
	data, err := os.ReadFile(file) // #nosec G304 -- the path is built from the config folder and a validated env name.
	if err != nil {
		return Config{}, fmt.Errorf("config: %w (set APP_CONFIG_DIR to the config folder and APP_ENV to an environment)", err)
	}
	cfg, err := parse(data, environ)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", file, err)
	}
	return cfg, nil
}

// parse decodes YAML, applies overrides and validates.
func parse(data []byte, environ []string) (Config, error) {
	// The first pass rejects unknown keys so a typo in a file is an error, not
	// a silent default; yaml.Node.Decode cannot do that by itself.
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&Config{}); err != nil {
		return Config{}, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Config{}, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return Config{}, errors.New("expected a YAML mapping at the top level")
	}
	if err := applyOverrides(doc.Content[0], environ); err != nil {
		return Config{}, err
	}
	var cfg Config
	if err := doc.Decode(&cfg); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// applyOverrides replaces every leaf whose APP_<PATH> variable is set. Lists
// take comma-separated values. Unknown APP_* variables are rejected because a
// misspelt override that is silently ignored is a production incident waiting to happen.
func applyOverrides(root *yaml.Node, environ []string) error {
	leaves := map[string]*yaml.Node{}
	collectLeaves(root, nil, leaves)
	var unknown []string
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix) || slices.Contains(reservedEnv, name) {
			continue
		}
		node, found := leaves[name]
		if !found {
			unknown = append(unknown, name)
			continue
		}
		setNode(node, value)
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("unknown override %s: no such key (variables are APP_ plus the key path in upper snake case, e.g. APP_HTTP_PORT)", strings.Join(unknown, ", "))
	}
	return nil
}

// collectLeaves maps APP_* names to the YAML nodes they override.
func collectLeaves(node *yaml.Node, path []string, into map[string]*yaml.Node) {
	if node.Kind != yaml.MappingNode {
		into[envPrefix+strings.ToUpper(strings.Join(path, "_"))] = node
		return
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		collectLeaves(node.Content[i+1], append(slices.Clone(path), node.Content[i].Value), into)
	}
}

// setNode turns an environment string into a YAML value that decodes like the file would.
func setNode(node *yaml.Node, value string) {
	if node.Kind == yaml.SequenceNode {
		node.Content = nil
		for item := range strings.SplitSeq(value, ",") {
			if item = strings.TrimSpace(item); item != "" {
				node.Content = append(node.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: item})
			}
		}
		node.Style = yaml.FlowStyle
		return
	}
	*node = yaml.Node{Kind: yaml.ScalarNode, Value: value, Line: node.Line, Column: node.Column}
}

// Duration is a time.Duration written as a Go duration string ("5s", "250ms").
type Duration time.Duration

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(node *yaml.Node) error {
	v, err := time.ParseDuration(node.Value)
	if err != nil || node.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: %q is not a duration (use Go syntax such as 5s or 250ms)", node.Line, node.Value)
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration back as a string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// String formats the duration in Go syntax.
func (d Duration) String() string { return time.Duration(d).String() }

// Std returns the value as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// ByteSize is a size in bytes written as an integer or with a binary unit: 512KiB, 1MiB, 1GiB.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	factor int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// UnmarshalYAML parses an integer or a number followed by KiB, MiB or GiB.
func (b *ByteSize) UnmarshalYAML(node *yaml.Node) error {
	v, ok := parseByteSize(node.Value)
	if !ok || node.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: %q is not a byte size (use an integer or KiB, MiB, GiB such as 1MiB)", node.Line, node.Value)
	}
	*b = ByteSize(v)
	return nil
}

func parseByteSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	factor := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, factor = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.factor
			break
		}
	}
	var n int64
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < 0 || n > (1<<62)/factor {
		return 0, false
	}
	return n * factor, true
}
