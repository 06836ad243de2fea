-- Neovim's own LSP client against `ordinal lsp`: open a broken manifest,
-- and check what the editor shows (vim.diagnostic.get()), a hover, and a
-- code action applied to the buffer. Written for Neovim 0.7 (Debian
-- bookworm's), so vim.lsp.start_client + buf_attach_client rather than the
-- later vim.lsp.start / vim.lsp.config.
--
-- Run by `cargo xtask nvim-e2e`:
--   ORDINAL_BIN=target/debug/ordinal nvim --headless -u NONE -c 'luafile tests/editors/neovim/e2e.lua'
-- It exits 0 when every check passed, 1 (with the reason on stderr) otherwise.

local TIMEOUT = 30000

local function check(condition, message)
  if not condition then
    error(message, 2)
  end
end

local function run()
  local bin = os.getenv('ORDINAL_BIN')
  check(bin and vim.fn.executable(bin) == 1, 'ORDINAL_BIN must name the ordinal binary, got ' .. tostring(bin))

  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/broken.yaml'
  vim.fn.writefile({
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: web',
    'spec:',
    '  serviceName: nope',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      restartPolicy: always',
    '      containers:',
    '      - name: nginx',
    '        image: nginx:1.27',
  }, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'

  local exit_code = nil
  local client_id = vim.lsp.start_client({
    name = 'ordinal',
    cmd = { bin, 'lsp' },
    root_dir = dir,
    on_exit = function(code, _signal)
      exit_code = code
    end,
  })
  check(client_id, 'the client did not start')
  check(vim.lsp.buf_attach_client(bufnr, client_id), 'the buffer was not attached')

  -- Diagnostics, as the editor holds them.
  local function codes()
    local found = {}
    for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
      found[diagnostic.code] = diagnostic
    end
    return found
  end
  check(vim.wait(TIMEOUT, function()
    local found = codes()
    return found['service-not-found'] ~= nil and found['invalid-restart-policy'] ~= nil
  end, 50), 'no service-not-found and invalid-restart-policy diagnostics; got ' .. vim.inspect(codes()))
  local found = codes()
  check(found['service-not-found'].lnum == 5, 'service-not-found on line ' .. found['service-not-found'].lnum)
  check(found['service-not-found'].col == 15, 'service-not-found at column ' .. found['service-not-found'].col)
  check(found['service-not-found'].severity == vim.diagnostic.severity.ERROR, 'service-not-found is not an error')
  check(found['service-not-found'].source == 'ordinal', 'source ' .. tostring(found['service-not-found'].source))
  check(found['invalid-restart-policy'].lnum == 15, 'invalid-restart-policy on line ' .. found['invalid-restart-policy'].lnum)

  local client = vim.lsp.get_client_by_id(client_id)
  local uri = vim.uri_from_bufnr(bufnr)

  -- Hover on the StatefulSet's name: the explain model.
  local response = client.request_sync('textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = 3, character = 9 },
  }, TIMEOUT, bufnr)
  check(response and response.result, 'no hover: ' .. vim.inspect(response))
  local hover = response.result.contents.value
  check(hover:find('**StatefulSet `default/web`**', 1, true), 'hover lacks the title: ' .. hover)
  check(hover:find('2 replica(s) from ordinal 0, OrderedReady', 1, true), 'hover lacks the replicas: ' .. hover)
  check(hover:find('`nope` (not found)', 1, true), 'hover lacks the missing Service: ' .. hover)
  check(hover:find('1. create `web-0`', 1, true), 'hover lacks the start order: ' .. hover)

  -- Hover on a finding: the rule's documentation.
  response = client.request_sync('textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = 15, character = 24 },
  }, TIMEOUT, bufnr)
  check(response and response.result, 'no hover on the finding')
  check(response.result.contents.value:find('**invalid-restart-policy**', 1, true), 'hover lacks the rule docs')

  -- The preferred (safe) quick fix, applied as the editor applies it.
  response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 15, character = 0 }, ['end'] = { line = 15, character = 30 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, 15) },
  }, TIMEOUT, bufnr)
  check(response and response.result, 'no code actions')
  local fix = nil
  for _, action in ipairs(response.result) do
    if action.isPreferred and action.kind == 'quickfix' then
      fix = action
    end
  end
  check(fix, 'no preferred quick fix among ' .. vim.inspect(response.result))
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  local line = vim.api.nvim_buf_get_lines(bufnr, 15, 16, true)[1]
  check(line == '      restartPolicy: Always', 'after the fix, line 16 is ' .. vim.inspect(line))
  -- The edit reached the server (didChange) and the finding went away.
  check(vim.wait(TIMEOUT, function()
    local now = codes()
    return now['invalid-restart-policy'] == nil and now['service-not-found'] ~= nil
  end, 50), 'the fixed finding is still shown: ' .. vim.inspect(codes()))

  -- "Ignore this rule for this resource" on the missing Service.
  response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 5, character = 16 }, ['end'] = { line = 5, character = 16 } },
    context = { diagnostics = {} },
  }, TIMEOUT, bufnr)
  local ignore = nil
  for _, action in ipairs(response.result or {}) do
    if action.title:find('^Ignore service%-not%-found') then
      ignore = action
    end
  end
  check(ignore, 'no ignore action')
  vim.lsp.util.apply_workspace_edit(ignore.edit, 'utf-16')
  local lines = vim.api.nvim_buf_get_lines(bufnr, 2, 6, true)
  check(lines[2] == '  annotations:' and lines[3] == '    ordinal.dev/ignore: service-not-found',
    'after the ignore action: ' .. vim.inspect(lines))
  check(vim.wait(TIMEOUT, function()
    return codes()['service-not-found'] == nil
  end, 50), 'the ignored finding is still shown')

  -- Shutdown and exit as the editor does on quit: exit code 0.
  client.stop()
  check(vim.wait(TIMEOUT, function()
    return exit_code ~= nil
  end, 50), 'the server did not exit')
  check(exit_code == 0, 'the server exited with ' .. tostring(exit_code))
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('neovim e2e: all checks passed\n')
  vim.cmd('qall!')
else
  io.stderr:write('neovim e2e: FAILED: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
