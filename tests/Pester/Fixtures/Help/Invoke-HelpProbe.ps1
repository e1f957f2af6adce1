# Runs in a fresh `pwsh -NoProfile`: imports the HcFixture module from ModulePath (a folder
# holding HcFixture/) and writes what Get-Help and Get-Command report as JSON, so the tests can
# assert on help exactly as a user's session would load it.
param(
    [Parameter(Mandatory = $true)] [string] $ModulePath,
    [Parameter(Mandatory = $true)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = $ModulePath + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module HcFixture

$commands = [ordered]@{}
foreach ($name in 'Get-HcFixture', 'Set-HcFixture') {
    $help = Get-Help $name -Full
    $commands[$name] = [ordered]@{
        Full       = $help | Out-String -Width 250
        Synopsis   = $help.Synopsis
        Syntax     = @($help.syntax.syntaxItem | ForEach-Object { , @($_.parameter.name) })
        Parameters = @($help.parameters.parameter | ForEach-Object {
                [ordered]@{
                    Name        = $_.name
                    Description = ($_.description.Text -join "`n")
                    Aliases     = $_.aliases
                    Required    = $_.required
                    Position    = $_.position
                }
            })
        Links      = @($help.relatedLinks.navigationLink | ForEach-Object { [ordered]@{ Text = $_.linkText; Uri = $_.uri } })
        # What a drift test compares the markdown with.
        Metadata   = @((Get-Command $name).Parameters.Values | ForEach-Object {
                $p = $_
                [ordered]@{
                    Name    = $p.Name
                    Aliases = @($p.Aliases)
                    Sets    = @($p.ParameterSets.Keys | ForEach-Object {
                            $m = $p.ParameterSets[$_]
                            [ordered]@{
                                Name           = $_
                                Required       = $m.IsMandatory
                                Position       = $(if ($m.Position -eq [int]::MinValue) { 'Named' } else { [string] $m.Position })
                                ByValue        = $m.ValueFromPipeline
                                ByPropertyName = $m.ValueFromPipelineByPropertyName
                            }
                        })
                }
            })
    }
}

$about = Get-Help about_HcFixture
[ordered]@{
    Commands      = $commands
    About         = [string] $about
    AboutSynopsis = $about.Synopsis
} | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $OutFile -Encoding utf8
