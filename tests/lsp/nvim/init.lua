-- Headless Neovim driving goenv-ls: opens a Dockerfile, reads diagnostics, hover and a
-- code action, applies the preferred fix and writes what it saw as JSON.
local out = os.getenv("GOENV_LS_OUT")
local cmd = vim.json.decode(os.getenv("GOENV_LS_CMD"))

vim.api.nvim_create_autocmd("FileType", {
  pattern = "dockerfile",
  callback = function(args)
    vim.lsp.start({
      name = "goenv-ls",
      cmd = cmd,
      root_dir = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
    })
  end,
})

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return true end
  end
  return false
end

function dump_and_quit()
  local buf = vim.api.nvim_get_current_buf()
  local result = { filetype = vim.bo[buf].filetype, version = tostring(vim.version()) }
  local ok, err = pcall(function()
    result.got_diagnostics = vim.wait(30000, function() return has_code(buf, "GE102") end, 20)
    local client = vim.lsp.get_clients({ bufnr = buf })[1]
    result.encoding = client and client.offset_encoding
    result.pull = client and client.server_capabilities.diagnosticProvider ~= nil
    result.diagnostics = {}
    local lsp_diags = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code,
        source = d.source, severity = d.severity })
      if d.code == "GE102" then table.insert(lsp_diags, d.user_data.lsp) end
    end
    -- hover on GOARCH in line 3 ("RUN echo $GOARCH ...")
    local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
      textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 3, character = 11 } }, 10000)
    for _, r in pairs(hover or {}) do
      if r.result then result.hover = r.result.contents.value end
    end
    -- code actions for the GE102 diagnostic
    local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
      textDocument = { uri = vim.uri_from_bufnr(buf) }, range = lsp_diags[1].range,
      context = { diagnostics = lsp_diags } }, 10000)
    result.actions = {}
    local preferred
    for _, r in pairs(actions or {}) do
      for _, a in ipairs(r.result or {}) do
        table.insert(result.actions, a.title)
        if a.isPreferred then preferred = a end
      end
    end
    if preferred then
      vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
      result.fixed_clean = vim.wait(30000, function() return not has_code(buf, "GE102") end, 20)
    end
    result.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  end)
  if not ok then result.error = tostring(err) end
  vim.fn.writefile({ vim.json.encode(result) }, out)
  vim.cmd("qa!")
end
