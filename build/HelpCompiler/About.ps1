# Part of HelpCompiler.psm1 (dot-sourced into its scope): about_*.md topics as about_*.help.txt, and ConvertTo-AboutHelp.

#region About topics

function Convert-AboutInline([string] $Text) {
    # Plain text cannot follow a link, so show its target; a link to another .md topic is
    # just that topic's name. Emphasis markers are noise on a console.
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]*)\)', {
            param($m)
            if ($m.Groups[2].Value -match '^[a-z][a-z0-9+.-]*:') { '{0} ({1})' -f $m.Groups[1].Value, $m.Groups[2].Value } else { $m.Groups[1].Value }
        })
    $Text -replace '(\*\*|__)(?=\S)(.+?)(?<=\S)\1', '$2'
}

function Convert-AboutTopic([string] $Path) {
    # Layout of the about_ template. Get-Help takes an about topic's synopsis from line 5, so
    # the topic name and SHORT DESCRIPTION must come first:
    #   TOPIC / <4 spaces>about_Name / (blank) / SHORT DESCRIPTION / <4 spaces>synopsis
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add('    ' + $topic); $out.Add('')

    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $lines.Count -and $lines[$i].Trim() -ne '---'; $i++) { }
        if ($i -ge $lines.Count) { throw (New-DocError $Path 1 "the metadata block is never closed with '---'") }
        $i++
    }
    # start -> topic (saw the topic's name) -> body (saw SHORT DESCRIPTION). The name is either
    # '# about_X' (PowerShell-Docs style) or platyPS's template: '# Title' then '## about_X'
    # or '## X'.
    $state = 'start'
    $title = $null
    $shortName = $topic -replace '^about_', ''
    $pendingBlank = $false
    $fence = $null; $fenceLine = 0
    $afterHeading = $false
    for (; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($fence) {
            if ($line -match $close) { $fence = $null; $pendingBlank = $true }
            else { $out.Add($(if ($line.Trim()) { '        ' + $line.TrimEnd() } else { '' })) }
            continue
        }
        if (-not $line.Trim()) { $pendingBlank = $true; continue }
        if ($line -match '^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$') {
            $level = $Matches[1].Length; $text = $Matches[2]
            if ($state -eq 'start') {
                if ($level -le 2 -and ($text -eq $topic -or ($title -and $text -eq $shortName))) { $state = 'topic'; continue }
                if ($level -eq 1 -and -not $title) { $title = $text; continue }
                throw (New-DocError $Path ($i + 1) "expected '# $topic' (or '# Title' and '## $topic') before '$text'")
            }
            if ($state -eq 'topic') {
                if ($text -ne 'SHORT DESCRIPTION') { throw (New-DocError $Path ($i + 1) "expected '## SHORT DESCRIPTION' right after '# $topic', found '$text'") }
                $state = 'body'
            }
            if ($out[$out.Count - 1]) { $out.Add('') }
            $out.Add($(if ($level -le 2) { $text.ToUpperInvariant() } else { '    ' + $text.ToUpperInvariant() }))
            $pendingBlank = $false; $afterHeading = $true
            continue
        }
        if ($state -ne 'body') { throw (New-DocError $Path ($i + 1) "expected '# $topic' and '## SHORT DESCRIPTION' before any text") }
        if ($pendingBlank -and -not $afterHeading -and $out[$out.Count - 1]) { $out.Add('') }
        $pendingBlank = $false; $afterHeading = $false
        if ($line -match '^\s{0,3}(`{3,}|~{3,})') { $fence = $Matches[1]; $close = Get-FenceClosePattern $fence; $fenceLine = $i + 1; continue }
        $out.Add('    ' + (Convert-AboutInline $line.TrimEnd()))
    }
    if ($fence) { throw (New-DocError $Path $fenceLine "the code block opened here is never closed with $fence") }
    if ($state -ne 'body') { throw (New-DocError $Path 1 "expected '# $topic' and '## SHORT DESCRIPTION'") }
    if ($out.Count -lt 5 -or -not $out[4].Trim()) { throw (New-DocError $Path 1 'the SHORT DESCRIPTION is empty') }
    ($out -join [Environment]::NewLine) + [Environment]::NewLine
}

#endregion

function ConvertTo-AboutHelp {
    <#
    .SYNOPSIS
        Converts about_*.md topics into the about_*.help.txt files Get-Help reads.
    .DESCRIPTION
        Each topic starts with '# about_Name' (matching the file name) and '## SHORT DESCRIPTION'.
        Headings become upper-case topic headings, text is indented four spaces and code eight;
        nothing is re-wrapped. Path takes folders (every about_*.md in them) or single files;
        OutputPath is the folder to write into. Returns the written files.
    .EXAMPLE
        ConvertTo-AboutHelp -Path docs/en-US -OutputPath out/ModelArts/en-US
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [string[]] $Path,

        [Parameter(Mandatory = $true, Position = 1)]
        [string] $OutputPath
    )
    $target = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)
    $files = @(Resolve-DocFile $Path '^about_.+\.md$')
    $texts = @(Invoke-PerDocument $files { param($file) Convert-AboutTopic $file })
    [void] [System.IO.Directory]::CreateDirectory($target)
    $encoding = [System.Text.UTF8Encoding]::new($false)
    for ($i = 0; $i -lt $files.Count; $i++) {
        $file = Join-Path $target ($files[$i].BaseName + '.help.txt')
        [System.IO.File]::WriteAllText($file, $texts[$i], $encoding)
        Get-Item -LiteralPath $file
    }
}
