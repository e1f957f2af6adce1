# Part of HelpCompiler.psm1 (dot-sourced into its scope): the help model written as MAML, and ConvertTo-MamlHelp.

$script:Ns = @{
    Msh     = 'http://msh'
    Maml    = 'http://schemas.microsoft.com/maml/2004/10'
    Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    Dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

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
