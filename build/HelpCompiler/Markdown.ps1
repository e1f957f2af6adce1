# Part of HelpCompiler.psm1 (dot-sourced into its scope): reading platyPS markdown into the help model, and
# Get-MarkdownHelpModel. The MAML and about writers build on what is read here.

# What Get-Command calls the set of a parameter declared without ParameterSetName; using the same
# name in the model lets a drift test compare the two without translating.
$script:AllSets = '__AllParameterSets'

$script:KnownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS',
    'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

# platyPS's yaml keys -> the model's property names (hashtable keys ignore case).
$script:YamlKeys = [ordered]@{
    'Type'                       = 'Type'
    'Parameter Sets'             = 'ParameterSets'
    'Aliases'                    = 'Aliases'
    'Accepted values'            = 'AcceptedValues'
    'Required'                   = 'Required'
    'Position'                   = 'Position'
    'Default value'              = 'DefaultValue'
    'Accept pipeline input'      = 'AcceptPipelineInput'
    'Accept wildcard characters' = 'AcceptWildcard'
}
# The keys a drift test compares against cmdlet metadata must be stated, not guessed.
$script:RequiredYamlKeys = 'Type', 'ParameterSets', 'Required', 'Position', 'AcceptPipelineInput'

$script:CommandFilePattern = '^[A-Za-z]+-[A-Za-z0-9]+\.md$'

#region Markdown reading

function New-DocError([string] $Path, [int] $Line, [string] $Message) {
    # "file:line: message" is what editors and CI logs turn into a clickable location.
    [System.IO.InvalidDataException]::new(('{0}:{1}: {2}' -f $Path, $Line, $Message))
}

function Join-ParagraphLines([System.Collections.Generic.List[string]] $Lines) {
    # Markdown wraps prose at any column; Get-Help re-wraps it to the console, so soft line
    # breaks become spaces. List items and hard breaks (two trailing spaces) keep their line.
    $sb = [System.Text.StringBuilder]::new()
    $hardBreak = $false
    foreach ($line in $Lines) {
        $isItem = $line -match '^\s*([-*+]|\d+[.)])\s|^\s*\|'
        if ($sb.Length -eq 0) { [void] $sb.Append($line.Trim()) }
        elseif ($isItem -or $hardBreak) { [void] $sb.Append("`n").Append($(if ($isItem) { $line.TrimEnd() } else { $line.Trim() })) }
        else { [void] $sb.Append(' ').Append($line.Trim()) }
        $hardBreak = $line.EndsWith('  ') -or $line.EndsWith('\')
    }
    $sb.ToString()
}

function Get-FenceClosePattern([string] $Fence) {
    # As in CommonMark: the same character, at least as many, nothing after. So an opening
    # ```yaml cannot close a block whose closing fence was forgotten.
    '^\s{0,3}' + [regex]::Escape($Fence[0]) + '{' + $Fence.Length + ',}\s*$'
}

function Read-MarkdownBlocks([string] $Path) {
    # Splits a document into its metadata and a flat list of headings, paragraphs and fenced
    # code blocks, each with the line it starts on (for error messages).
    $lines = [System.IO.File]::ReadAllLines($Path)
    $meta = [ordered]@{}
    $blocks = [System.Collections.Generic.List[object]]::new()
    $i = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $lines.Count -and $lines[$i].Trim() -ne '---'; $i++) {
            if ($lines[$i] -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') {
                $meta[$Matches[1]] = $Matches[2].Trim('"', "'")
            }
            elseif ($lines[$i].Trim()) {
                throw (New-DocError $Path ($i + 1) "expected 'key: value' in the metadata block")
            }
        }
        if ($i -ge $lines.Count) { throw (New-DocError $Path 1 "the metadata block is never closed with '---'") }
        $i++
    }

    $para = [System.Collections.Generic.List[string]]::new()
    $paraLine = 0
    $flush = {
        if ($para.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = 'Para'; Level = 0; Lang = ''; Text = (Join-ParagraphLines $para); Line = $paraLine })
            $para.Clear()
        }
    }
    for (; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -match '^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)') {
            . $flush
            $fence = $Matches[1]
            $close = Get-FenceClosePattern $fence
            $lang = $Matches[2].ToLowerInvariant()
            $start = $i + 1
            $code = [System.Collections.Generic.List[string]]::new()
            for ($i++; $i -lt $lines.Count -and $lines[$i] -notmatch $close; $i++) { $code.Add($lines[$i]) }
            if ($i -ge $lines.Count) { throw (New-DocError $Path $start "the code block opened here is never closed with $fence") }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Level = 0; Lang = $lang; Text = ($code -join "`n"); Line = $start })
        }
        elseif ($line -match '^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$') {
            . $flush
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Lang = ''; Text = $Matches[2]; Line = $i + 1 })
        }
        elseif (-not $line.Trim()) { . $flush }
        else {
            if ($para.Count -eq 0) { $paraLine = $i + 1 }
            $para.Add($line)
        }
    }
    . $flush
    [pscustomobject]@{ Metadata = $meta; Blocks = $blocks }
}

function Get-BlockText($Blocks) {
    # Paragraphs, code and minor headings as text with a blank line between them; the MAML
    # writer turns each into a maml:para, which is how Get-Help separates them too.
    $texts = [System.Collections.Generic.List[string]]::new()
    foreach ($b in $Blocks) { $texts.Add($b.Text) }
    [string]::Join("`n`n", $texts)
}

function Split-Subsection($Blocks) {
    # Groups a section's blocks under its '###' headings.
    $preamble = [System.Collections.Generic.List[object]]::new()
    $items = [System.Collections.Generic.List[object]]::new()
    $current = $null
    foreach ($b in $Blocks) {
        if ($b.Kind -eq 'Heading' -and $b.Level -eq 3) {
            $current = [pscustomobject]@{ Title = $b.Text; Line = $b.Line; Blocks = ([System.Collections.Generic.List[object]]::new()) }
            $items.Add($current)
        }
        elseif ($current) { $current.Blocks.Add($b) }
        else { $preamble.Add($b) }
    }
    [pscustomobject]@{ Preamble = $preamble; Items = $items }
}

#endregion

#region Parameter yaml

function Read-ParameterYaml([string] $Path, $Block, [string] $ParameterName) {
    $values = @{}
    $n = $Block.Line
    foreach ($raw in $Block.Text -split "`n") {
        $n++
        if (-not $raw.Trim()) { continue }
        if ($raw -notmatch '^\s*([^:]+?)\s*:\s*(.*?)\s*$') {
            throw (New-DocError $Path $n "expected 'Key: value' in the yaml block of -$ParameterName")
        }
        $key = $script:YamlKeys[($Matches[1] -replace '\s+', ' ')]
        if (-not $key) {
            throw (New-DocError $Path $n ("unknown key '{0}' in the yaml block of -{1}; known keys: {2}" -f $Matches[1], $ParameterName, ($script:YamlKeys.Keys -join ', ')))
        }
        $values[$key] = [pscustomobject]@{ Text = $Matches[2]; Line = $n }
    }
    foreach ($key in $script:RequiredYamlKeys) {
        if (-not $values.ContainsKey($key)) {
            $yamlName = $script:YamlKeys.Keys.Where({ $script:YamlKeys[$_] -eq $key })[0]
            throw (New-DocError $Path $Block.Line "the yaml block of -$ParameterName has no '${yamlName}:' line")
        }
    }
    $values
}

function ConvertTo-YamlBool([string] $Path, $Value, [string] $What) {
    switch -Regex ($Value.Text) {
        '^true$' { return $true }
        '^false$' { return $false }
    }
    throw (New-DocError $Path $Value.Line "${What}: expected True or False, found '$($Value.Text)'")
}

function Split-List([string] $Text) {
    $items = [System.Collections.Generic.List[string]]::new()
    foreach ($part in $Text.Split(',')) { if ($part.Trim()) { $items.Add($part.Trim()) } }
    , $items.ToArray()
}

function ConvertTo-SetRecord([string] $Path, $Values, [string] $SetName, [string] $ParameterName) {
    # One parameter's attributes in one parameter set: the shape of Get-Command's
    # ParameterSetMetadata (IsMandatory, Position, ValueFromPipeline[ByPropertyName]).
    $position = $Values.Position.Text
    if ($position -match '^named$') { $position = 'Named' }
    elseif ($position -notmatch '^\d+$') {
        throw (New-DocError $Path $Values.Position.Line "Position of -${ParameterName}: expected Named or a number, found '$position'")
    }

    $pipe = $Values.AcceptPipelineInput
    $byValue = $false; $byPropertyName = $false; $remaining = $false
    if ($pipe.Text -match '^false$') { $pipelineText = 'False' }
    elseif ($pipe.Text -match '^true\s*\(([^)]*)\)$') {
        $kinds = Split-List $Matches[1]
        foreach ($kind in $kinds) {
            switch ($kind) {
                'ByValue' { $byValue = $true }
                'ByPropertyName' { $byPropertyName = $true }
                'FromRemainingArguments' { $remaining = $true }
                default { throw (New-DocError $Path $pipe.Line "Accept pipeline input of -${ParameterName}: unknown kind '$kind' (ByValue, ByPropertyName)") }
            }
        }
        if (-not $kinds.Count) { throw (New-DocError $Path $pipe.Line "Accept pipeline input of -${ParameterName}: 'True' needs its kinds, e.g. 'True (ByValue)'") }
        $pipelineText = 'True ({0})' -f ($kinds -join ', ')
    }
    else {
        throw (New-DocError $Path $pipe.Line "Accept pipeline input of -${ParameterName}: expected 'False' or 'True (ByPropertyName, ByValue)', found '$($pipe.Text)'")
    }

    [pscustomobject]@{
        Name                   = $SetName
        Required               = (ConvertTo-YamlBool $Path $Values.Required "Required of -$ParameterName")
        Position               = $position
        PipelineInput          = $pipelineText
        ByValue                = $byValue
        ByPropertyName         = $byPropertyName
        FromRemainingArguments = $remaining
    }
}

#endregion

#region Command help model

function Read-CommandHelp([string] $Path) {
    $doc = Read-MarkdownBlocks $Path
    $schema = if ($doc.Metadata.Contains('schema')) { $doc.Metadata['schema'] } else { '' }
    if ($schema -ne '2.0.0') {
        throw (New-DocError $Path 1 "unknown schema '$schema'; expected 'schema: 2.0.0' in the metadata block")
    }

    $blocks = $doc.Blocks
    if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1) {
        throw (New-DocError $Path $(if ($blocks.Count) { $blocks[0].Line } else { 1 }) "expected '# Verb-Noun' as the first heading")
    }
    $name = $blocks[0].Text
    $fileName = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    if ($name -ne $fileName) {
        throw (New-DocError $Path $blocks[0].Line "the heading '# $name' does not match the file name '$fileName'")
    }

    $sections = @{}
    $current = $null
    for ($i = 1; $i -lt $blocks.Count; $i++) {
        $b = $blocks[$i]
        if ($b.Kind -eq 'Heading' -and $b.Level -le 2) {
            $key = $b.Text.ToUpperInvariant()
            if ($b.Level -eq 1 -or $script:KnownSections -notcontains $key) {
                throw (New-DocError $Path $b.Line ("unknown section '{0} {1}'; expected '## ' and one of: {2}" -f ('#' * $b.Level), $b.Text, ($script:KnownSections -join ', ')))
            }
            if ($sections.ContainsKey($key)) { throw (New-DocError $Path $b.Line "section '## $key' appears twice") }
            $current = [pscustomobject]@{ Line = $b.Line; Blocks = ([System.Collections.Generic.List[object]]::new()) }
            $sections[$key] = $current
        }
        elseif ($current) { $current.Blocks.Add($b) }
        else { throw (New-DocError $Path $b.Line "text between '# $name' and the first '## SECTION'") }
    }
    foreach ($required in 'SYNOPSIS', 'SYNTAX') {
        if (-not $sections.ContainsKey($required)) { throw (New-DocError $Path $blocks[0].Line "missing section '## $required'") }
    }

    $synopsis = Get-BlockText $sections['SYNOPSIS'].Blocks
    if (-not $synopsis.Trim()) { throw (New-DocError $Path $sections['SYNOPSIS'].Line 'the SYNOPSIS is empty') }

    $has = { param($key) $sections.ContainsKey($key) }
    $syntax = @(Read-SyntaxSection $Path $sections['SYNTAX'])
    $parameters = @(if (& $has 'PARAMETERS') { Read-ParametersSection $Path $sections['PARAMETERS'] })
    Assert-SyntaxMatchesParameters $Path $syntax $parameters

    [pscustomobject]@{
        PSTypeName    = 'HelpCompiler.CommandHelp'
        Name          = $name
        Path          = $Path
        Metadata      = $doc.Metadata
        OnlineVersion = $(if ($doc.Metadata.Contains('online version')) { $doc.Metadata['online version'] } else { '' })
        Synopsis      = $synopsis
        Description   = $(if (& $has 'DESCRIPTION') { Get-BlockText $sections['DESCRIPTION'].Blocks } else { '' })
        Syntax        = $syntax
        Parameters    = $parameters
        Examples      = @(if (& $has 'EXAMPLES') { Read-ExamplesSection $Path $sections['EXAMPLES'] })
        Inputs        = @(if (& $has 'INPUTS') { Read-TypesSection $Path $sections['INPUTS'] 'INPUTS' })
        Outputs       = @(if (& $has 'OUTPUTS') { Read-TypesSection $Path $sections['OUTPUTS'] 'OUTPUTS' })
        Notes         = $(if (& $has 'NOTES') { Get-BlockText $sections['NOTES'].Blocks } else { '' })
        Links         = @(if (& $has 'RELATED LINKS') { Read-LinksSection $Path $sections['RELATED LINKS'] })
    }
}

function Read-SyntaxSection([string] $Path, $Section) {
    $sub = Split-Subsection $Section.Blocks
    $items = $sub.Items
    if ($items.Count -eq 0) {
        # A single-set command may omit the '### __AllParameterSets' heading.
        $items = @([pscustomobject]@{ Title = $script:AllSets; Line = $Section.Line; Blocks = $sub.Preamble })
    }
    $seen = @{}
    foreach ($item in $items) {
        $setName = $item.Title -replace '\s*\(Default\)\s*$', ''
        $code = $item.Blocks.Where({ $_.Kind -eq 'Code' })
        if ($code.Count -ne 1) {
            throw (New-DocError $Path $item.Line "the syntax of parameter set '$setName' needs exactly one code block, found $($code.Count)")
        }
        if ($seen.ContainsKey($setName)) { throw (New-DocError $Path $item.Line "parameter set '$setName' appears twice under SYNTAX") }
        $seen[$setName] = $true
        # Parameter names are the '-Name' tokens that follow a space or '['; the command
        # name's own hyphen follows a letter, so it is not one.
        $names = [System.Collections.Generic.List[string]]::new()
        foreach ($m in [regex]::Matches($code[0].Text, '(?<=^|[\s\[])-(\w+)')) { $names.Add($m.Groups[1].Value) }
        [pscustomobject]@{
            Name       = $setName
            IsDefault  = $item.Title -match '\(Default\)\s*$'
            Parameters = $names.ToArray()
            Text       = $code[0].Text
            Line       = $item.Line
        }
    }
}

function Read-ParametersSection([string] $Path, $Section) {
    $sub = Split-Subsection $Section.Blocks
    if ($sub.Preamble.Count) { throw (New-DocError $Path $sub.Preamble[0].Line "text under PARAMETERS must belong to a '### -ParameterName'") }
    $seen = @{}
    foreach ($item in $sub.Items) {
        if ($item.Title -match '^<?(Workflow)?CommonParameters>?$') { continue }
        if ($item.Title -notmatch '^-(\w+)$') {
            throw (New-DocError $Path $item.Line "expected '### -ParameterName' or '### CommonParameters', found '### $($item.Title)'")
        }
        $name = $Matches[1]
        if ($seen.ContainsKey($name)) { throw (New-DocError $Path $item.Line "parameter -$name is documented twice") }
        $seen[$name] = $true

        $yaml = $item.Blocks.Where({ $_.Kind -eq 'Code' -and $_.Lang -eq 'yaml' })
        if ($yaml.Count -eq 0) { throw (New-DocError $Path $item.Line "parameter -$name has no yaml block (Type, Parameter Sets, Required, Position, ...)") }

        # platyPS writes one yaml block per distinct set of attributes, so the
        # per-set records come from all blocks and the shared ones from the first.
        $sets = [System.Collections.Generic.List[object]]::new()
        $first = $null
        foreach ($block in $yaml) {
            $values = Read-ParameterYaml $Path $block $name
            if (-not $first) { $first = $values }
            $setNames = Split-List $values.ParameterSets.Text
            if (-not $setNames.Count) { throw (New-DocError $Path $values.ParameterSets.Line "Parameter Sets of -${name} is empty; use (All) or set names") }
            foreach ($setName in $setNames) {
                if ($setName -eq '(All)') { $setName = $script:AllSets }
                if ($sets.Where({ $_.Name -eq $setName }).Count) {
                    throw (New-DocError $Path $values.ParameterSets.Line "-$name lists parameter set '$setName' in more than one yaml block")
                }
                $sets.Add((ConvertTo-SetRecord $Path $values $setName $name))
            }
        }
        $optional = @{ Aliases = ''; AcceptedValues = ''; DefaultValue = 'None' }
        foreach ($key in @($optional.Keys)) { if ($first.ContainsKey($key)) { $optional[$key] = $first[$key].Text } }

        [pscustomobject]@{
            Name           = $name
            Type           = $first.Type.Text
            Description    = Get-BlockText $item.Blocks.Where({ -not ($_.Kind -eq 'Code' -and $_.Lang -eq 'yaml') })
            Aliases        = Split-List $optional.Aliases
            AcceptedValues = Split-List $optional.AcceptedValues
            DefaultValue   = $optional.DefaultValue
            AcceptWildcard = $(if ($first.ContainsKey('AcceptWildcard')) { ConvertTo-YamlBool $Path $first.AcceptWildcard "Accept wildcard characters of -$name" } else { $false })
            ParameterSets  = $sets.ToArray()
            Line           = $item.Line
        }
    }
}

function Find-SetRecord($Parameter, [string] $SetName) {
    $all = $null
    foreach ($record in $Parameter.ParameterSets) {
        if ($record.Name -eq $SetName) { return $record }
        if ($record.Name -eq $script:AllSets) { $all = $record }
    }
    $all
}

function Assert-SyntaxMatchesParameters([string] $Path, $Syntax, $Parameters) {
    # The MAML syntax is built from the yaml, so a SYNTAX block that disagrees with it would
    # silently show readers something else than the markdown does.
    foreach ($p in $Parameters) {
        foreach ($record in $p.ParameterSets) {
            if ($record.Name -ne $script:AllSets -and -not $Syntax.Where({ $_.Name -eq $record.Name }).Count) {
                throw (New-DocError $Path $p.Line "-$($p.Name) names parameter set '$($record.Name)', which has no '### $($record.Name)' under SYNTAX")
            }
        }
    }
    $byName = @{}
    foreach ($p in $Parameters) { $byName[$p.Name] = $p }
    foreach ($set in $Syntax) {
        foreach ($pname in $set.Parameters) {
            $p = $byName[$pname]
            if (-not $p) { throw (New-DocError $Path $set.Line "the syntax of set '$($set.Name)' uses -$pname, which has no '### -$pname' under PARAMETERS") }
            if (-not (Find-SetRecord $p $set.Name)) {
                throw (New-DocError $Path $p.Line "-$pname is in the syntax of set '$($set.Name)' but its yaml 'Parameter Sets' does not include that set")
            }
        }
        foreach ($p in $Parameters) {
            if ((Find-SetRecord $p $set.Name) -and $set.Parameters -notcontains $p.Name) {
                throw (New-DocError $Path $set.Line "the syntax of set '$($set.Name)' lacks -$($p.Name), which its yaml places in that set")
            }
        }
    }
}

function Read-ExamplesSection([string] $Path, $Section) {
    $sub = Split-Subsection $Section.Blocks
    if ($sub.Preamble.Count) { throw (New-DocError $Path $sub.Preamble[0].Line "text under EXAMPLES must belong to a '### Example N: title'") }
    foreach ($item in $sub.Items) {
        # Text before the first code block introduces it; the code blocks that follow
        # directly are the example; everything after is remarks, in order.
        $intro = @(); $code = @(); $remarks = @(); $codeBlocks = @()
        foreach ($b in $item.Blocks) {
            if ($b.Kind -eq 'Code' -and -not $remarks.Count) {
                $code += $b.Text
                $codeBlocks += [pscustomobject]@{ Lang = $b.Lang; Text = $b.Text; Line = $b.Line }
            }
            elseif (-not $code.Count) { $intro += $b.Text }
            else { $remarks += $b.Text }
        }
        if (-not $code.Count) { throw (New-DocError $Path $item.Line "example '$($item.Title)' has no code block") }
        [pscustomobject]@{
            Title        = $item.Title
            Introduction = $intro -join "`n`n"
            Code         = $code -join "`n`n"
            # The same blocks one by one with their language, for the test that runs the powershell ones.
            CodeBlocks   = $codeBlocks
            Remarks      = $remarks -join "`n`n"
        }
    }
}

function Read-TypesSection([string] $Path, $Section, [string] $SectionName) {
    $sub = Split-Subsection $Section.Blocks
    if ($sub.Preamble.Count) { throw (New-DocError $Path $sub.Preamble[0].Line "text under $SectionName must belong to a '### TypeName'") }
    foreach ($item in $sub.Items) {
        [pscustomobject]@{ TypeName = $item.Title; Description = Get-BlockText $item.Blocks }
    }
}

function Read-LinksSection([string] $Path, $Section) {
    foreach ($b in $Section.Blocks) {
        if ($b.Kind -ne 'Para') { throw (New-DocError $Path $b.Line "RELATED LINKS takes only '[text](uri)' lines") }
        $found = [regex]::Matches($b.Text, '\[([^\]]+)\]\(([^)\s]*)\)')
        if ($found.Count -eq 0) { [pscustomobject]@{ Text = $b.Text; Uri = '' } }
        foreach ($m in $found) { [pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $m.Groups[2].Value } }
    }
}

#endregion

#region Reading many documents

function Resolve-DocFile([string[]] $Path, [string] $Pattern) {
    foreach ($p in $Path) {
        foreach ($item in Get-Item -Path $p -ErrorAction Stop) {
            if ($item.PSIsContainer) {
                Get-ChildItem -LiteralPath $item.FullName -File -Filter *.md | Where-Object { $_.Name -match $Pattern } | Sort-Object Name
            }
            else { $item }
        }
    }
}

function Invoke-PerDocument($Files, [scriptblock] $Convert) {
    # Convert every document before failing, so one build run reports every broken file.
    $results = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[string]]::new()
    foreach ($file in $Files) {
        try { $results.Add((& $Convert $file.FullName)) }
        catch [System.IO.InvalidDataException] { $errors.Add($_.Exception.Message) }
    }
    if ($errors.Count) {
        throw ([System.IO.InvalidDataException]::new(("{0} help document(s) are malformed; no help was written:`n{1}" -f $errors.Count, ($errors -join "`n"))))
    }
    $results
}

#endregion

function Get-MarkdownHelpModel {
    <#
    .SYNOPSIS
        Reads a platyPS schema 2.0.0 command help document into a structured object.
    .DESCRIPTION
        The object has: Name, Path, Metadata (front matter), OnlineVersion, Synopsis, Description,
        Syntax (Name, IsDefault, Parameters = names in the order of the syntax block, Text, Line),
        Parameters (Name, Type, Description, Aliases, AcceptedValues, DefaultValue, AcceptWildcard,
        ParameterSets, Line), Examples (Title, Introduction, Code, CodeBlocks (Lang, Text, Line), Remarks), Inputs and Outputs
        (TypeName, Description), Notes and Links (Text, Uri).

        Each parameter's ParameterSets holds one record per set (Name, Required, Position,
        PipelineInput, ByValue, ByPropertyName, FromRemainingArguments) shaped like Get-Command's
        ParameterSetMetadata. "(All)" becomes '__AllParameterSets', the name Get-Command uses, and
        Position is 'Named' or the number as a string.
    .EXAMPLE
        Get-ChildItem docs/en-US -Filter *-*.md | Get-MarkdownHelpModel | Select-Object Name, Synopsis
    #>
    [CmdletBinding()]
    [OutputType('HelpCompiler.CommandHelp')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName')]
        [string[]] $Path
    )
    process {
        foreach ($p in $Path) {
            foreach ($file in Resolve-Path -Path $p -ErrorAction Stop) { Read-CommandHelp $file.ProviderPath }
        }
    }
}
