<#
.SYNOPSIS
    Compiles platyPS schema 2.0.0 markdown help into the files Get-Help reads.

.DESCRIPTION
    platyPS is not available in every environment this project builds in, so this module
    implements the part of it the build needs:

    * ConvertTo-MamlHelp    <Verb-Noun>.md files -> one <Assembly>.dll-Help.xml (MAML)
    * ConvertTo-AboutHelp   about_*.md files      -> about_*.help.txt
    * Get-MarkdownHelpModel one <Verb-Noun>.md    -> a structured object, for tests that compare
                                                     the docs with Get-Command metadata

    Malformed documents fail loudly with "<file>:<line>: <what is wrong>"; nothing is written
    unless every document converted, so a build never ships partial help.

    Written for PowerShell 7 and Windows PowerShell 5.1 alike.
#>

Set-StrictMode -Version 2.0

$script:Ns = @{
    Msh     = 'http://msh'
    Maml    = 'http://schemas.microsoft.com/maml/2004/10'
    Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    Dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

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
        $intro = @(); $code = @(); $remarks = @()
        foreach ($b in $item.Blocks) {
            if ($b.Kind -eq 'Code' -and -not $remarks.Count) { $code += $b.Text }
            elseif (-not $code.Count) { $intro += $b.Text }
            else { $remarks += $b.Text }
        }
        if (-not $code.Count) { throw (New-DocError $Path $item.Line "example '$($item.Title)' has no code block") }
        [pscustomobject]@{
            Title        = $item.Title
            Introduction = $intro -join "`n`n"
            Code         = $code -join "`n`n"
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

#region MAML writing

function Split-Paragraph([string] $Text) {
    ($Text -split '\r?\n[ \t]*\r?\n').Where({ $_.Trim() })
}

function Write-Para($Writer, [string] $Text) {
    foreach ($p in Split-Paragraph $Text) { $Writer.WriteElementString('maml', 'para', $script:Ns.Maml, $p) }
}

function Write-Description($Writer, [string] $Text) {
    $Writer.WriteStartElement('maml', 'description', $script:Ns.Maml)
    Write-Para $Writer $Text
    $Writer.WriteEndElement()
}

function Format-PerSet($Parameter, [string] $Property, [switch] $Lower) {
    # The parameters section lists a parameter once; when its attributes differ by set, say
    # so per set rather than pick one and mislead.
    $sets = $Parameter.ParameterSets
    $values = [string[]] @(foreach ($s in $sets) { if ($Lower) { ([string] $s.$Property).ToLowerInvariant() } else { [string] $s.$Property } })
    if ($values.Where({ $_ -cne $values[0] }).Count -eq 0) { return $values[0] }
    [string]::Join(', ', [string[]] @(for ($i = 0; $i -lt $sets.Count; $i++) { '{0} ({1})' -f $values[$i], $sets[$i].Name }))
}

function Write-MamlParameter($Writer, $Parameter, $SetRecord) {
    # $SetRecord is the parameter's record for one syntax item; $null for the parameters section.
    $type = if ($Parameter.Type -eq 'switch') { 'SwitchParameter' } else { $Parameter.Type }
    $w = $Writer
    $w.WriteStartElement('command', 'parameter', $script:Ns.Command)
    if ($SetRecord) {
        $required = $SetRecord.Required.ToString().ToLowerInvariant()
        $position = $SetRecord.Position.ToLowerInvariant()
        $pipeline = $SetRecord.PipelineInput
    }
    else {
        # Get-Help reads 'required' as a boolean (other text shows blank), so it cannot be
        # given per set like the rest; 'true' when any set requires the parameter, and the
        # syntax shows which.
        $required = ($Parameter.ParameterSets.Where({ $_.Required }).Count -gt 0).ToString().ToLowerInvariant()
        $position = Format-PerSet $Parameter 'Position' -Lower
        $pipeline = Format-PerSet $Parameter 'PipelineInput'
    }
    $w.WriteAttributeString('required', $required)
    $w.WriteAttributeString('variableLength', $type.EndsWith('[]').ToString().ToLowerInvariant())
    $w.WriteAttributeString('globbing', $Parameter.AcceptWildcard.ToString().ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', $pipeline)
    $w.WriteAttributeString('position', $position)
    $w.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $script:Ns.Maml, $Parameter.Name)
    Write-Description $w $Parameter.Description
    if ($SetRecord -and $Parameter.AcceptedValues.Count) {
        # Get-Help shows a value group as {A | B | C} in the syntax.
        $w.WriteStartElement('command', 'parameterValueGroup', $script:Ns.Command)
        foreach ($v in $Parameter.AcceptedValues) {
            $w.WriteStartElement('command', 'parameterValue', $script:Ns.Command)
            $w.WriteAttributeString('required', 'false')
            $w.WriteAttributeString('variableLength', 'false')
            $w.WriteString($v)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    # A switch has no value to show in the syntax ("-Force", not "-Force <SwitchParameter>").
    elseif (-not ($SetRecord -and $type -eq 'SwitchParameter')) {
        $w.WriteStartElement('command', 'parameterValue', $script:Ns.Command)
        $w.WriteAttributeString('required', ($type -ne 'SwitchParameter').ToString().ToLowerInvariant())
        $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($type)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $script:Ns.Dev)
    $w.WriteElementString('maml', 'name', $script:Ns.Maml, $type)
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $script:Ns.Dev, $Parameter.DefaultValue)
    $w.WriteEndElement()
}

function Write-MamlTypes($Writer, [string] $Container, [string] $Item, $Types) {
    $Writer.WriteStartElement('command', $Container, $script:Ns.Command)
    foreach ($t in $Types) {
        $Writer.WriteStartElement('command', $Item, $script:Ns.Command)
        $Writer.WriteStartElement('dev', 'type', $script:Ns.Dev)
        $Writer.WriteElementString('maml', 'name', $script:Ns.Maml, $t.TypeName)
        $Writer.WriteEndElement()
        Write-Description $Writer $t.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand($Writer, $Help) {
    $w = $Writer
    $w.WriteStartElement('command', 'command', $script:Ns.Command)
    foreach ($prefix in 'maml', 'command', 'dev') {
        $w.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $script:Ns[$prefix])
    }

    $verb, $noun = $Help.Name -split '-', 2
    $w.WriteStartElement('command', 'details', $script:Ns.Command)
    $w.WriteElementString('command', 'name', $script:Ns.Command, $Help.Name)
    $w.WriteElementString('command', 'verb', $script:Ns.Command, $verb)
    $w.WriteElementString('command', 'noun', $script:Ns.Command, $noun)
    Write-Description $w $Help.Synopsis
    $w.WriteEndElement()

    Write-Description $w $Help.Description

    $byName = @{}
    foreach ($p in $Help.Parameters) { $byName[$p.Name] = $p }
    $w.WriteStartElement('command', 'syntax', $script:Ns.Command)
    foreach ($set in $Help.Syntax) {
        $w.WriteStartElement('command', 'syntaxItem', $script:Ns.Command)
        $w.WriteElementString('maml', 'name', $script:Ns.Maml, $Help.Name)
        foreach ($pname in $set.Parameters) {
            $p = $byName[$pname]
            Write-MamlParameter $w $p (Find-SetRecord $p $set.Name)
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $script:Ns.Command)
    foreach ($p in $Help.Parameters) { Write-MamlParameter $w $p $null }
    $w.WriteEndElement()

    Write-MamlTypes $w 'inputTypes' 'inputType' $Help.Inputs
    Write-MamlTypes $w 'returnValues' 'returnValue' $Help.Outputs

    if ($Help.Notes) {
        # Get-Help prints a NOTES heading for any alert set, even an empty one.
        $w.WriteStartElement('maml', 'alertSet', $script:Ns.Maml)
        $w.WriteStartElement('maml', 'alert', $script:Ns.Maml)
        Write-Para $w $Help.Notes
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $script:Ns.Command)
    foreach ($e in $Help.Examples) {
        $w.WriteStartElement('command', 'example', $script:Ns.Command)
        # Get-Help prints the title as is; the dashes are the convention that sets it apart.
        $w.WriteElementString('maml', 'title', $script:Ns.Maml, ('--------- {0} ---------' -f $e.Title))
        if ($e.Introduction) {
            # Get-Help prints the introduction and the code run together (it was meant for a
            # "PS C:\>" prompt), so the text ends with the blank line that separates them.
            $w.WriteStartElement('maml', 'introduction', $script:Ns.Maml)
            $w.WriteElementString('maml', 'para', $script:Ns.Maml, $e.Introduction + "`n`n")
            $w.WriteEndElement()
        }
        $w.WriteElementString('dev', 'code', $script:Ns.Dev, $e.Code)
        $w.WriteStartElement('dev', 'remarks', $script:Ns.Dev)
        Write-Para $w $e.Remarks
        # An empty last paragraph puts a blank line between this example and the next title.
        $w.WriteElementString('maml', 'para', $script:Ns.Maml, '')
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('maml', 'relatedLinks', $script:Ns.Maml)
    $links = @($Help.Links)
    # Get-Help -Online opens the first link with an absolute uri; platyPS puts the online
    # version there.
    if ($Help.OnlineVersion) { $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $Help.OnlineVersion }) + $links }
    foreach ($link in $links) {
        $w.WriteStartElement('maml', 'navigationLink', $script:Ns.Maml)
        $w.WriteElementString('maml', 'linkText', $script:Ns.Maml, $link.Text)
        # A relative link ([Get-Foo](Get-Foo.md)) only works in the markdown; in the console
        # the link text names the topic.
        $w.WriteElementString('maml', 'uri', $script:Ns.Maml, $(if ($link.Uri -match '^[a-z][a-z0-9+.-]*:') { $link.Uri } else { '' }))
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

#endregion

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

#region Public functions

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

function Get-MarkdownHelpModel {
    <#
    .SYNOPSIS
        Reads a platyPS schema 2.0.0 command help document into a structured object.
    .DESCRIPTION
        The object has: Name, Path, Metadata (front matter), OnlineVersion, Synopsis, Description,
        Syntax (Name, IsDefault, Parameters = names in the order of the syntax block, Text, Line),
        Parameters (Name, Type, Description, Aliases, AcceptedValues, DefaultValue, AcceptWildcard,
        ParameterSets, Line), Examples (Title, Introduction, Code, Remarks), Inputs and Outputs
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

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
        Compiles <Verb-Noun>.md command help (platyPS schema 2.0.0) into one MAML help file.
    .DESCRIPTION
        Path takes folders (every <Verb-Noun>.md in them; the module page and about topics are
        skipped by name) or single files. OutputPath is the MAML file to write, named after the
        assembly that implements the cmdlets: ModelArts.dll-Help.xml next to ModelArts.dll in
        en-US. A document whose 'external help file' names another file is an error.
        Returns the written file.
    .EXAMPLE
        ConvertTo-MamlHelp -Path docs/en-US -OutputPath out/ModelArts/en-US/ModelArts.dll-Help.xml
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
    $files = @(Resolve-DocFile $Path $script:CommandFilePattern)
    if (-not $files.Count) { throw "No <Verb-Noun>.md command help found in $($Path -join ', ')" }

    $helpFile = [System.IO.Path]::GetFileName($target)
    $models = Invoke-PerDocument $files {
        param($file)
        $model = Read-CommandHelp $file
        $declared = if ($model.Metadata.Contains('external help file')) { $model.Metadata['external help file'] } else { '' }
        if ($declared -and $declared -ne $helpFile) {
            throw (New-DocError $file 1 "'external help file: $declared' but this compiles into $helpFile")
        }
        $model
    }
    $duplicate = $models | Group-Object Name | Where-Object Count -gt 1 | Select-Object -First 1
    if ($duplicate) { throw ([System.IO.InvalidDataException]::new("Command $($duplicate.Name) is documented in more than one file: $(($duplicate.Group.Path) -join ', ')")) }

    # Build the whole file in memory first: an exception midway must not leave a truncated file.
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $stream = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($stream, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:Ns.Msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($model in $models) { Write-MamlCommand $writer $model }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }

    $dir = [System.IO.Path]::GetDirectoryName($target)
    if ($dir) { [void] [System.IO.Directory]::CreateDirectory($dir) }
    [System.IO.File]::WriteAllBytes($target, $stream.ToArray())
    Get-Item -LiteralPath $target
}

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

#endregion

Export-ModuleMember -Function ConvertTo-MamlHelp, ConvertTo-AboutHelp, Get-MarkdownHelpModel
