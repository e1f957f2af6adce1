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

    Written for PowerShell 7 and Windows PowerShell 5.1 alike. One file per job, in build/HelpCompiler/:
    Markdown.ps1 reads the documents, Maml.ps1 writes command help, About.ps1 writes about topics.
#>

Set-StrictMode -Version 2.0

# Dot-sourced, so the three share this module's scope (its script: variables and private functions).
foreach ($part in 'Markdown', 'Maml', 'About') { . (Join-Path $PSScriptRoot "HelpCompiler/$part.ps1") }

Export-ModuleMember -Function ConvertTo-MamlHelp, ConvertTo-AboutHelp, Get-MarkdownHelpModel
